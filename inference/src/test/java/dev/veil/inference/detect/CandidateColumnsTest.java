package dev.veil.inference.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateColumnsTest {

    @Test
    void rowsComeBackAsCandidatesAndFacesWithTheirLandmarks() {
        CandidateColumns columns = new CandidateColumns(2);
        int a = columns.add(10, 20, 30, 60, 0.8);
        columns.point(a, 0, 15, 25);
        columns.point(a, 1, 25, 26);
        int b = columns.add(100, 50, 140, 100, 0.4);
        columns.point(b, 0, 110, 60);
        columns.point(b, 1, 130, 61);

        assertEquals(2, columns.size());
        assertEquals(new Candidate(10, 20, 30, 60, 0.8, List.of(new Landmark(15, 25), new Landmark(25, 26))),
                columns.candidate(a));
        assertEquals(new Candidate(100, 50, 140, 100, 0.4, List.of(new Landmark(110, 60), new Landmark(130, 61))),
                columns.candidate(b));
        assertEquals(columns.candidate(b).normalized(200, 100), columns.face(b, 200, 100));
        assertEquals(columns.candidate(a).area(), columns.area(a));
        assertEquals(List.of(columns.candidate(a), columns.candidate(b)), columns.candidates());
    }

    @Test
    void retainKeepsTheChosenRowsInOrderWithTheirLandmarks() {
        CandidateColumns columns = new CandidateColumns(1);
        for (int i = 0; i < 1000; i++) { // past the first capacity
            int row = columns.add(i, i, i + 10, i + 10, i / 1000.0);
            columns.point(row, 0, i + 5, i + 6);
        }

        columns.retain(row -> row % 3 == 0);

        assertEquals(334, columns.size());
        for (int row = 0; row < columns.size(); row++) {
            int was = row * 3;
            assertEquals(new Candidate(was, was, was + 10, was + 10, was / 1000.0, List.of(new Landmark(was + 5,
                    was + 6))), columns.candidate(row));
        }
        columns.clear();
        assertEquals(0, columns.size());
    }

    @Test
    void refusesANegativeLandmarkCount() {
        assertThrows(IllegalArgumentException.class, () -> new CandidateColumns(-1));
    }
}
