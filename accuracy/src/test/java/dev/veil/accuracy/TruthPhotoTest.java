package dev.veil.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TruthPhotoTest {

    private static final String SHA = "ab".repeat(32);

    private static List<String> file(String... rows) {
        List<String> lines = new java.util.ArrayList<>(List.of(
                "# photo: p.jpg", "# size: 640x480", "# sha256: " + SHA.toUpperCase(), "# any other comment: kept out",
                "x_min,y_min,x_max,y_max,source"));
        lines.addAll(List.of(rows));
        return lines;
    }

    @Test
    void readsHeaderAndFaces() {
        TruthPhoto p = TruthPhoto.parse("p.csv", file("10,20,30.5,45,both", "", "0,0,640,480,manual"));
        assertEquals("p.jpg", p.fileName());
        assertEquals(640, p.width());
        assertEquals(480, p.height());
        assertEquals(SHA, p.sha256());
        assertEquals(List.of(new TruthFace(new Box(10, 20, 30.5, 45), FaceSource.BOTH),
                new TruthFace(new Box(0, 0, 640, 480), FaceSource.MANUAL)), p.faces());
        assertEquals(List.of(new Box(10, 20, 30.5, 45), new Box(0, 0, 640, 480)), p.boxes());
    }

    @Test
    void aPhotoWithoutFacesIsANegative() {
        assertTrue(TruthPhoto.parse("n.csv", file()).negative());
    }

    @Test
    void malformedFilesAreRefusedWithTheirLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TruthPhoto.parse("p.csv", file("10,20,30,45,somebody")));
        assertTrue(e.getMessage().contains("p.csv line 6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TruthPhoto.parse("p.csv", file("10,20,30,both")));
        assertThrows(IllegalArgumentException.class, () -> TruthPhoto.parse("p.csv", file("30,20,10,45,both")));
        assertThrows(IllegalArgumentException.class, () -> TruthPhoto.parse("p.csv", file("600,20,641,45,both")),
                "a face outside the photo");
        assertThrows(IllegalArgumentException.class,
                () -> TruthPhoto.parse("p.csv", List.of("# photo: p.jpg", "x_min,y_min,x_max,y_max,source")),
                "no size or SHA-256");
        assertThrows(IllegalArgumentException.class,
                () -> TruthPhoto.parse("p.csv", List.of("# photo: p.jpg", "# size: 1x1", "# sha256: 12",
                        "x_min,y_min,x_max,y_max,source")), "a SHA-256 of the wrong length");
    }
}
