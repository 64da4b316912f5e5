package dev.veil.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceBoxTest {

    @Test
    void aFoundFaceHasNoLandmarksAndWasNotHeld() {
        assertEquals(new FaceBox(0.1, 0.2, 0.3, 0.4, 0.9, List.of(), 0), FaceBox.found(0.1, 0.2, 0.3, 0.4, 0.9));
    }

    @Test
    void itsLandmarksAreACopyThatCannotBeChanged() {
        List<FaceBox.Point> landmarks = new ArrayList<>(List.of(new FaceBox.Point(0.15, 0.25)));
        FaceBox face = new FaceBox(0.1, 0.2, 0.3, 0.4, 0.9, landmarks, 0);

        landmarks.clear();

        assertEquals(List.of(new FaceBox.Point(0.15, 0.25)), face.landmarks());
        assertThrows(UnsupportedOperationException.class, () -> face.landmarks().add(new FaceBox.Point(0, 0)));
    }
}
