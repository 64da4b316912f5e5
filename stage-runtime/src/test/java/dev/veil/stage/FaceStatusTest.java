package dev.veil.stage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FaceStatusTest {

    @Test
    void onlyFoundAndCarriedFacesAreKnown() {
        assertTrue(FaceStatus.OK.known());
        assertTrue(FaceStatus.CARRIED.known());
        assertFalse(FaceStatus.NOT_RUN.known());
        assertFalse(FaceStatus.FAILED.known());
    }
}
