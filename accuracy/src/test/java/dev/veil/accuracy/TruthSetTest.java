package dev.veil.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TruthSetTest {

    @TempDir
    Path temp;

    @Test
    void theSetLoadsFromTheClasspathWithWiderfaceAsItsNegative() {
        TruthSet set = TruthSet.load();
        assertEquals(List.of("test.jpg", "zidane.jpg", "bus.jpg", "group-table.jpg", "group-selfie.jpg",
                "astronaut.jpg", "Widerface.jpg"), set.photos().stream().map(TruthPhoto::fileName).toList());
        assertTrue(set.photo("Widerface.jpg").negative());
        assertEquals(List.of("Widerface.jpg"),
                set.photos().stream().filter(TruthPhoto::negative).map(TruthPhoto::fileName).toList());
        assertThrows(IllegalArgumentException.class, () -> set.photo("other.jpg"));
    }

    @Test
    void noTwoTruthFacesOfAPhotoCouldBeFoundByOneDetection() {
        // Two true faces at IoU >= 0.4 would be one face counted twice: a detector finding it would miss "the other".
        for (TruthPhoto p : TruthSet.load().photos()) {
            List<Box> boxes = p.boxes();
            for (int i = 0; i < boxes.size(); i++) {
                for (int j = i + 1; j < boxes.size(); j++) {
                    assertTrue(boxes.get(i).iou(boxes.get(j)) < Scoring.FOUND_IOU,
                            p.fileName() + ": " + boxes.get(i) + " and " + boxes.get(j) + " overlap like one face");
                }
            }
        }
    }

    @Test
    void aFileWithThePhotosNameButOtherContentIsReportedNotUsed() throws IOException {
        Path wrong = Files.createDirectories(temp.resolve("wrong"));
        Path right = Files.createDirectories(temp.resolve("right"));
        Files.writeString(wrong.resolve("a.jpg"), "not the photo", StandardCharsets.UTF_8);
        Files.writeString(right.resolve("a.jpg"), "the photo", StandardCharsets.UTF_8);
        Files.writeString(wrong.resolve("b.jpg"), "not b either", StandardCharsets.UTF_8);
        TruthSet set = new TruthSet(List.of(photo("a.jpg", FileDigest.sha256(right.resolve("a.jpg"))),
                photo("b.jpg", "cd".repeat(32)), photo("c.jpg", "ef".repeat(32))));

        LocatedSet onlyWrong = set.locate(wrong);
        assertFalse(onlyWrong.complete());
        assertEquals(List.of(), onlyWrong.photos());
        assertEquals(List.of("c.jpg"), onlyWrong.missing());
        assertEquals(List.of("a.jpg", "b.jpg"),
                onlyWrong.different().stream().map(LocatedSet.Mismatch::fileName).toList());
        assertEquals(FileDigest.sha256(wrong.resolve("a.jpg")), onlyWrong.different().get(0).actualSha256());
        IllegalStateException e = assertThrows(IllegalStateException.class, onlyWrong::requireComplete);
        assertTrue(e.getMessage().contains("c.jpg: not found"), e.getMessage());
        assertTrue(e.getMessage().contains("a.jpg: " + wrong.resolve("a.jpg") + " is another picture"), e.getMessage());

        // A later folder with the right content wins over an earlier one with the wrong.
        LocatedSet both = set.locate(wrong, right);
        assertEquals(List.of(new LocatedPhoto(set.photo("a.jpg"), right.resolve("a.jpg"))), both.photos());
        assertEquals(List.of("b.jpg"), both.different().stream().map(LocatedSet.Mismatch::fileName).toList());
    }

    @Test
    void fileDigestIsTheSha256OfTheBytes() throws IOException {
        Path f = temp.resolve("abc");
        Files.writeString(f, "abc", StandardCharsets.US_ASCII);
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", FileDigest.sha256(f));
    }

    @Test
    void thePortraitIsFoundInVeilClisResources() throws IOException {
        LocatedSet located = TruthSet.load().locate(TestPhotos.portraitFolder());
        assertEquals(List.of(TruthSet.PORTRAIT), located.photos().stream().map(p -> p.truth().fileName()).toList());
        assertEquals(6, located.missing().size());
        assertEquals(List.of(), located.different());
    }

    @Test
    void everySharedPhotoIsFoundWithItsExactContent() throws IOException {
        Path media = TestPhotos.sharedMediaOrSkip();
        LocatedSet located = TruthSet.load().locate(media, TestPhotos.portraitFolder());
        assertTrue(located.complete(), String.join("; ", located.problems()));
        assertEquals(List.of(), located.problems());
        assertEquals(7, located.requireComplete().size());
    }

    private static TruthPhoto photo(String name, String sha) {
        return new TruthPhoto(name, 10, 10, sha, List.of());
    }
}
