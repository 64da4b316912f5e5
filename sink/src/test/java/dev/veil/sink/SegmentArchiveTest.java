package dev.veil.sink;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import dev.veil.stage.WireFrames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MP4 segments on disk, read back with FFmpeg as a player would. */
class SegmentArchiveTest {

    private static final long T0 = 1_700_000_000_000_000L;
    private static final long FRAME_MICROS = 40_000; // 25 fps

    @TempDir
    Path dir;

    private static Frame frame(String stream, long sequence, long ptsMicros, long captureMicros) {
        return Frame.newBuilder().setStreamId(stream).setSequence(sequence).setPtsMicros(ptsMicros)
                .setCaptureTimeMicros(captureMicros).setWidth(160).setHeight(120)
                .setJpeg(ByteString.copyFromUtf8("the archive takes the picture, not these bytes"))
                .setDetectionStatus(DetectionStatus.DETECTION_STATUS_OK).build();
    }

    private static Mat picture(long n) {
        return new Mat(120, 160, CV_8UC3, new Scalar(n * 7 % 256, n * 13 % 256, n * 29 % 256, 0));
    }

    private static void write(SegmentArchive archive, String stream, long fromSeq, long toSeq, long seqZeroCapture)
            throws Exception {
        for (long seq = fromSeq; seq <= toSeq; seq++) {
            try (Mat p = picture(seq)) {
                archive.write(WireFrames.info(frame(stream, seq, seq * FRAME_MICROS, seqZeroCapture + seq * FRAME_MICROS)), p);
            }
        }
    }

    @Test
    void segmentsAppearOnlyWhenFinished() throws Exception {
        SegmentArchive archive = new SegmentArchive(dir, Duration.ofSeconds(1), 25, H264EncoderChoice.AUTO);
        Path folder = dir.resolve("cam");
        write(archive, "cam", 0, 29, T0); // 1.2 s of video: the first second is a finished segment

        List<Path> finished = Mp4Reader.segments(folder);
        assertEquals(1, finished.size(), Mp4Reader.allNames(folder).toString());
        assertEquals(25, Mp4Reader.countPictures(finished.get(0)), "a finished segment plays whole");
        List<String> names = Mp4Reader.allNames(folder);
        assertEquals(2, names.size(), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith(".") && n.endsWith(".part")),
                "the open segment is hidden under a temporary name: " + names);
        assertEquals("20231114T221320.000Z-0.mp4", finished.get(0).getFileName().toString(),
                "named by the capture time (UTC) and sequence of its first frame");

        write(archive, "cam", 30, 62, T0); // to 2.52 s
        archive.close();

        List<Path> all = Mp4Reader.segments(folder);
        assertEquals(3, all.size());
        assertEquals(List.of(25, 25, 13), List.of(Mp4Reader.countPictures(all.get(0)),
                Mp4Reader.countPictures(all.get(1)), Mp4Reader.countPictures(all.get(2))));
        try (Mp4Reader.Video v = Mp4Reader.read(all.get(1))) {
            assertEquals("h264", v.codec());
            assertEquals(160, v.width());
        }
        assertEquals(Mp4Reader.segments(folder).size(), Mp4Reader.allNames(folder).size(), "no temporary file is left");
        assertEquals(63, archive.framesWritten());
        assertEquals(3, archive.segmentsFinished());
    }

    @Test
    void aRetriedFrameIsNotWrittenTwiceAndARestartStartsANewSegment() throws Exception {
        SegmentArchive archive = new SegmentArchive(dir, Duration.ofSeconds(60), 25, H264EncoderChoice.AUTO);
        write(archive, "cam", 0, 9, T0);
        write(archive, "cam", 5, 9, T0); // Numaflow retries a batch: same frames, same capture times
        long restartedAt = T0 + 60_000_000;
        write(archive, "cam", 0, 4, restartedAt); // the source restarted: sequences from 0 again, captured later
        archive.close();

        List<Path> segments = Mp4Reader.segments(dir.resolve("cam"));
        assertEquals(2, segments.size());
        assertEquals(10, Mp4Reader.countPictures(segments.get(0)));
        assertEquals(5, Mp4Reader.countPictures(segments.get(1)));
        assertEquals(15, archive.framesWritten());
    }

    @Test
    void aStreamThatStopsHasItsSegmentFinishedWithoutWaitingForMore() throws Exception {
        AtomicLong nanos = new AtomicLong(System.nanoTime());
        SegmentArchive archive = new SegmentArchive(dir, Duration.ofSeconds(1), 25, H264EncoderChoice.AUTO, nanos::get);
        write(archive, "cam", 0, 4, T0);
        archive.finishIdle();
        assertEquals(List.of(), Mp4Reader.segments(dir.resolve("cam")), "just written: not idle yet");
        nanos.addAndGet(Duration.ofMillis(900).toNanos());
        archive.finishIdle();
        assertEquals(List.of(), Mp4Reader.segments(dir.resolve("cam")), "idle for less than the segment length");
        nanos.addAndGet(Duration.ofMillis(300).toNanos()); // idle for 1.2 s of the archive's clock
        archive.finishIdle();
        List<Path> segments = Mp4Reader.segments(dir.resolve("cam"));
        assertEquals(1, segments.size());
        assertEquals(5, Mp4Reader.countPictures(segments.get(0)));
        write(archive, "cam", 5, 6, T0);
        archive.close();
        assertEquals(2, Mp4Reader.segments(dir.resolve("cam")).size(), "the stream went on in a new segment");
    }

    @Test
    void eachStreamHasItsOwnFolderAndNoIdEscapesTheArchive() throws Exception {
        SegmentArchive archive = new SegmentArchive(dir, Duration.ofSeconds(60), 25, H264EncoderChoice.AUTO);
        List<String> ids = List.of("front-door", "../../escape", "a/b", "a_b", ".hidden", "caméra 2");
        for (String id : ids) {
            write(archive, id, 0, 1, T0);
        }
        archive.close();

        List<Path> folders;
        try (Stream<Path> list = Files.list(dir)) {
            folders = list.toList();
        }
        assertEquals(ids.size(), folders.size(), "one folder per stream, no two streams share one: " + folders);
        for (Path folder : folders) {
            assertEquals(dir, folder.getParent(), "directly inside the archive");
            assertFalse(folder.getFileName().toString().startsWith("."), "not hidden: " + folder);
            assertEquals(1, Mp4Reader.segments(folder).size());
        }
        assertEquals("front-door", SegmentArchive.folderName("front-door"), "a plain id is its own folder name");
        assertTrue(SegmentArchive.folderName("a/b").matches("a_b-[0-9a-f]{10}"), SegmentArchive.folderName("a/b"));
    }

    @Test
    void theNumberOfStreamsIsBounded() throws Exception {
        SegmentArchive archive = new SegmentArchive(dir, Duration.ofSeconds(60), 25, H264EncoderChoice.AUTO);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i <= SegmentArchive.MAX_STREAMS; i++) {
            ids.add("s" + i);
            try (Mat p = picture(i)) {
                archive.write(WireFrames.info(frame("s" + i, 0, 0, T0)), p);
            }
        }
        archive.close();
        try (Stream<Path> list = Files.list(dir)) {
            assertEquals(SegmentArchive.MAX_STREAMS, list.count());
        }
        assertFalse(Files.exists(dir.resolve(ids.get(SegmentArchive.MAX_STREAMS))), "the one too many is not archived");
    }
}
