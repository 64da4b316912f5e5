package dev.veil.accuracy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A pan/zoom clip of a photo of the set, and its truth frame by frame.
 *
 * @param file  the H.264 MP4
 * @param photo the photo it was made from
 * @param path  its geometry
 * @param truth the true faces of each frame, in frame pixels ({@code truth.get(i)} is frame {@code i})
 */
public record Clip(Path file, LocatedPhoto photo, CameraPath path, List<FrameTruth> truth) {

    public Clip {
        truth = List.copyOf(truth);
        if (truth.size() != path.frames()) {
            throw new IllegalArgumentException("a " + path.frames() + "-frame clip needs as many frame truths, not "
                    + truth.size());
        }
    }

    /** The truth of a photo in each frame of a path over it, cut to the frames (see {@link FrameTruth#visibleIn}). */
    public static List<FrameTruth> truthAlong(TruthPhoto photo, CameraPath path) {
        List<Box> boxes = photo.boxes();
        return IntStream.range(0, path.frames())
                .mapToObj(i -> FrameTruth.visibleIn(boxes.stream().map(b -> path.toFrame(b, i)).toList(),
                        path.width(), path.height()))
                .toList();
    }

    public int frames() {
        return truth.size();
    }

    /** A short name for reports: photo and camera, e.g. {@code test.jpg/wide}. */
    public String name() {
        return photo.truth().fileName() + "/" + path.camera().name();
    }
}
