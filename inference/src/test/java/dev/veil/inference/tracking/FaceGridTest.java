package dev.veil.inference.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.IntList;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FaceGridTest {

    private static Face box(double x, double y, double w, double h) {
        return new Face(x, y, x + w, y + h, 0.9, List.of());
    }

    private static Set<Integer> near(FaceGrid grid, double[][] places) {
        IntList found = grid.near(places, FaceTracker.NEAR, new IntList());
        Set<Integer> indexes = new TreeSet<>();
        for (int i = 0; i < found.size(); i++) {
            assertTrue(indexes.add(found.get(i)), "face " + found.get(i) + " given twice");
        }
        return indexes;
    }

    @Test
    void oneLargeFaceDoesNotWidenTheSearchOfASmallOne() {
        List<Face> faces = new ArrayList<>();
        faces.add(box(0.60, 0.10, 0.35, 0.60)); // a close-up (or a large false detection) on the right
        for (int i = 0; i < 10; i++) {
            faces.add(box(0.02 + 0.05 * i, 0.80, 0.02, 0.03)); // a row of small faces at the bottom left
        }
        FaceGrid grid = new FaceGrid(faces);

        // A small track over the third small face (index 3, x 0.12..0.14), grown by 0.75 of its size to x 0.0975..0.1625:
        // grid cells 3 to 5 (1/32 each), the last of which also holds the next face (x 0.17..0.19, cells 5 and 6),
        // outside that area. Only the face itself, not the whole row, not the close-up.
        assertEquals(Set.of(3), near(grid, new double[][] {{0.12, 0.80, 0.14, 0.83}}));
        // Grown a little more, the area reaches the next face.
        assertEquals(Set.of(3, 4), near(grid, new double[][] {{0.12, 0.80, 0.14, 0.83}, {0.13, 0.80, 0.15, 0.83}}));
        // A track over the close-up finds it (and, grown by 0.75 of its own large size, some small faces below).
        assertTrue(near(grid, new double[][] {{0.62, 0.12, 0.95, 0.70}}).contains(0));
    }

    @Test
    void everyFaceThatCanContinueATrackIsAmongTheNearOnes() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            List<Face> faces = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                double size = random.nextDouble() < 0.1 ? 0.1 + 0.3 * random.nextDouble() : 0.005 + 0.04 * random.nextDouble();
                faces.add(box(random.nextDouble() * (1 - size), random.nextDouble() * (1 - size), size, size * 1.2));
            }
            FaceGrid grid = new FaceGrid(faces);
            double size = 0.005 + 0.1 * random.nextDouble();
            double x = random.nextDouble() * (1 - size);
            double y = random.nextDouble() * (1 - size);
            double[][] places = {{x, y, x + size, y + size}, {x + 0.01, y - 0.01, x + size + 0.01, y + size - 0.01}};

            Set<Integer> near = near(grid, places);
            for (int j = 0; j < faces.size(); j++) {
                if (FaceTracker.similarity(places, faces.get(j)) > 0) {
                    assertTrue(near.contains(j), "round " + round + ": face " + faces.get(j) + " can continue "
                            + java.util.Arrays.deepToString(places) + " but was not near");
                }
            }
        }
    }
}
