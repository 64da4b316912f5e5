package dev.veil.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.inference.detect.BundledModels;
import dev.veil.inference.yunet.YuNetDetector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model files committed to the repository are the published ones its README names, with their licence. */
class VendoredModelsTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = VendoredModelsTest.class.getResourceAsStream(BundledModels.DIR + name)) {
            assertNotNull(in, name + " is missing from the inference jar");
            return in.readAllBytes();
        }
    }

    @Test
    void yunetsFilesAreTheOnesTheReadmeNamesAndItsLicenceIsBeside() throws Exception {
        String readme = new String(resource("README.md"), StandardCharsets.UTF_8);
        for (String file : List.of(YuNetDetector.DYNAMIC_MODEL, YuNetDetector.FIXED_MODEL)) {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(resource(file)));
            assertTrue(readme.contains("`" + file + "` `" + sha + "`"), file + " has SHA-256 " + sha
                    + ", which models/README.md does not give for it");
        }
        String licence = new String(resource("YUNET-LICENSE"), StandardCharsets.UTF_8);
        assertTrue(licence.contains("Apache License") && licence.contains("Version 2.0"), "YUNET-LICENSE is Apache-2.0");
        assertEquals(true, licence.contains("Shiqi Yu"), "with its copyright lines");
    }
}
