package dev.veil.inference.tracking;

import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.IntList;
import dev.veil.inference.detect.Ranking;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Follows each stream's faces from frame to frame, so that a face the detector found stays covered for a while
 * when the detector misses it (a turn to profile, motion blur, a frame it is not run on).
 *
 * <p>Every face found becomes a track, or continues the track whose predicted box it overlaps most (greedy, by
 * overlap). A track's motion is the speed of each edge of its box between its last two sightings (smoothed); a face
 * seen only once moves with the camera, whose pan and zoom are fitted to the faces followed ({@link CameraMotion}).
 * A track the detector misses is <em>held</em> for up to {@code holdFrames} frames after its last sighting: its box
 * is reported where its motion takes it, and grown (see {@link #predict}); after that it is dropped.
 *
 * <p>Frames of a stream may arrive slightly out of order (Numaflow hands a read batch's messages to threads at
 * once): a frame older than the stream's newest detection gets its own faces and every track seen within
 * {@code holdFrames} of it (before or after), grown as for an unknown motion, and changes no track. A frame far older ({@value #RESTART_GAP} frames or more) means the stream started again: its tracks are
 * forgotten. State is per stream; at most {@value #MAX_STREAMS} streams are remembered (the least recently seen is
 * forgotten) and {@value #MAX_TRACKS} tracks per stream. Thread-safe.
 */
public final class FaceTracker {

    /** Growth per frame of age on each side, as a share of the box's width or height, for a face whose motion is measured. */
    public static final double MATCHED_GROWTH = 0.05;
    /** Same, for a face seen once: its motion is unknown. */
    static final double UNMATCHED_GROWTH = 0.15;
    /** The most a held box grows on each side, as a share of its width or height, whatever its age. */
    static final double MAX_GROWTH = 1.0;
    /** Least overlap of a face found now with a track's predicted box for the two to be the same face. */
    static final double MATCH_IOU = 0.1;
    /** Or: centres at most this share of the face's size apart (for faces too small to overlap reliably). */
    static final double NEAR = 0.75;
    /** Sightings after which a track moves at its own measured speed rather than the camera's (two measurements). */
    static final int OWN_MOTION_SIGHTINGS = 3;
    /** Weight of the newest measurement in a track's smoothed motion. */
    static final double MOTION_SMOOTHING = 0.5;
    static final int MAX_STREAMS = 1024;
    static final int MAX_TRACKS = 4096;
    /** A frame this much older than the newest one detected is a restarted stream, not a late frame. */
    static final long RESTART_GAP = 64;

    /** What the last detection of a stream knew, for the frames carried from it. */
    public record Prediction(List<TrackedFace> faces, int carriedFrames) {
    }

    /** One face followed over time, in normalized coordinates. */
    private static final class Track {
        Face box;
        long lastSeen;
        int sightings;
        /** Speed of each edge (x0, y0, x1, y1) per frame, smoothed; meaningful once {@code sightings >= 2}. */
        final double[] velocity = new double[4];

        Track(Face box, long seen) {
            this.box = box;
            this.lastSeen = seen;
            this.sightings = 1;
        }

        /** Whether its own motion has been measured often enough to trust over the camera's. */
        boolean ownMotion() {
            return sightings >= OWN_MOTION_SIGHTINGS;
        }

        /** Speed of each edge per frame: its own once measured twice, else the camera's. */
        double[] speed(CameraMotion camera) {
            if (ownMotion()) {
                return velocity;
            }
            return new double[]{camera.vx(box.xMin()), camera.vy(box.yMin()), camera.vx(box.xMax()),
                    camera.vy(box.yMax())};
        }

        /**
         * Where a face found at {@code sequence} may continue this track, as boxes {x0, y0, x1, y1}: where the track's
         * own motion, the camera's motion, or no motion at all would have put it. A tiny face's box jitters by a few
         * pixels from frame to frame, so its own measured speed can be far off; the others keep it matched.
         */
        double[][] places(long sequence, CameraMotion camera) {
            double[] still = {box.xMin(), box.yMin(), box.xMax(), box.yMax()};
            double[] moved = moved(sequence, speed(camera));
            if (!ownMotion()) {
                return new double[][]{still, moved};
            }
            return new double[][]{still, moved, moved(sequence, new double[]{camera.vx(box.xMin()),
                    camera.vy(box.yMin()), camera.vx(box.xMax()), camera.vy(box.yMax())})};
        }

        private double[] moved(long sequence, double[] v) {
            long age = sequence - lastSeen;
            double x0 = box.xMin() + v[0] * age;
            double y0 = box.yMin() + v[1] * age;
            return new double[]{x0, y0, Math.max(x0, box.xMax() + v[2] * age), Math.max(y0, box.yMax() + v[3] * age)};
        }

        void seen(Face now, long sequence) {
            long span = sequence - lastSeen;
            if (span > 0) {
                double[] measured = {
                        (now.xMin() - box.xMin()) / span, (now.yMin() - box.yMin()) / span,
                        (now.xMax() - box.xMax()) / span, (now.yMax() - box.yMax()) / span};
                for (int i = 0; i < 4; i++) {
                    velocity[i] = sightings < 2 ? measured[i]
                            : (1 - MOTION_SMOOTHING) * velocity[i] + MOTION_SMOOTHING * measured[i];
                }
                sightings++;
                lastSeen = sequence;
            }
            box = now;
        }
    }

    private static final class StreamTracks {
        final List<Track> tracks = new ArrayList<>();
        long lastDetected;
        CameraMotion camera = CameraMotion.STILL;
        Thumbnail reference;

        StreamTracks(long lastDetected) {
            this.lastDetected = lastDetected;
        }
    }

    private final int holdFrames;
    private final Map<String, StreamTracks> streams = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StreamTracks> eldest) {
            return size() > MAX_STREAMS;
        }
    };

    /** @param holdFrames frames a face stays covered after its last sighting; 0 reports only what is found */
    public FaceTracker(int holdFrames) {
        if (holdFrames < 0) {
            throw new IllegalArgumentException("hold of " + holdFrames + " frames");
        }
        this.holdFrames = holdFrames;
    }

    /**
     * The detector found {@code found} in frame {@code sequence} of {@code stream}: the faces to report for that
     * frame, the ones found first (as found, held 0), then the held ones.
     *
     * @param reference the frame's picture, kept for the frames carried from this detection (only when it is the
     *                  stream's newest), or null
     */
    public synchronized List<TrackedFace> detected(String stream, long sequence, List<Face> found, Thumbnail reference) {
        StreamTracks s = streams.get(stream);
        if (s != null && sequence + RESTART_GAP <= s.lastDetected) {
            s = null; // the stream counts from the start again
        }
        if (s == null) {
            s = new StreamTracks(sequence);
            streams.put(stream, s);
        }
        List<TrackedFace> out = new ArrayList<>(found.size() + s.tracks.size());
        found.forEach(f -> out.add(new TrackedFace(f, 0)));
        if (sequence < s.lastDetected) {
            // A late frame: report what is known, change nothing. A track seen after this frame was most likely there
            // before too, so it is held backwards as well as forwards, its motion not trusted for that.
            for (Track t : s.tracks) {
                long age = Math.abs(sequence - t.lastSeen);
                if (age > 0 && age <= holdFrames && !overlapsAny(t.box, found)) {
                    out.add(new TrackedFace(predict(t.box, new double[4], UNMATCHED_GROWTH, age), (int) age));
                }
            }
            return out;
        }
        boolean[] matched = match(s, found, sequence);
        List<Track> kept = new ArrayList<>(s.tracks.size() + found.size());
        for (int i = 0; i < s.tracks.size(); i++) {
            Track t = s.tracks.get(i);
            if (t.lastSeen == sequence) {
                kept.add(t);
            } else if (sequence - t.lastSeen <= holdFrames) {
                out.add(new TrackedFace(predict(t, sequence, s.camera), (int) (sequence - t.lastSeen)));
                kept.add(t);
            }
        }
        for (int j = 0; j < found.size(); j++) {
            if (!matched[j]) {
                kept.add(new Track(found.get(j), sequence));
            }
        }
        if (kept.size() > MAX_TRACKS) {
            kept.sort(Comparator.comparingLong((Track t) -> t.lastSeen).reversed());
            kept.subList(MAX_TRACKS, kept.size()).clear();
        }
        s.tracks.clear();
        s.tracks.addAll(kept);
        s.lastDetected = sequence;
        s.reference = reference;
        return out;
    }

    /**
     * The faces of the stream's newest detection carried to frame {@code sequence}, which the detector does not run
     * on: every track moved and grown for its age. Empty when the stream has no detection yet, or the frame is not
     * 1 to {@code maxAge} frames after its newest one.
     */
    public synchronized Optional<Prediction> carry(String stream, long sequence, int maxAge) {
        StreamTracks s = streams.get(stream);
        if (s == null) {
            return Optional.empty();
        }
        long age = sequence - s.lastDetected;
        if (age < 1 || age > maxAge) {
            return Optional.empty();
        }
        List<TrackedFace> faces = new ArrayList<>(s.tracks.size());
        for (Track t : s.tracks) {
            faces.add(new TrackedFace(predict(t, sequence, s.camera), (int) (s.lastDetected - t.lastSeen)));
        }
        return Optional.of(new Prediction(faces, (int) age));
    }

    /** The picture {@link #detected} was given for the stream's newest detection, if any. */
    public synchronized Optional<Thumbnail> reference(String stream) {
        StreamTracks s = streams.get(stream);
        return s == null ? Optional.empty() : Optional.ofNullable(s.reference);
    }

    /**
     * Greedy matching by overlap, best pairs first: each face found continues at most one track and each track
     * takes at most one face. Continued tracks are updated, and the camera's motion is fitted again from how they
     * moved; returns which faces continued a track.
     */
    private static boolean[] match(StreamTracks s, List<Face> found, long sequence) {
        List<Track> tracks = s.tracks;
        Pairs pairs = new Pairs();
        // Only faces near a track can continue it: a grid of the faces found spares a crowd's thousand tracks from
        // being compared with its thousand faces each.
        FaceGrid grid = new FaceGrid(found);
        IntList near = new IntList();
        for (int i = 0; i < tracks.size(); i++) {
            double[][] places = tracks.get(i).places(sequence, s.camera);
            grid.near(places, NEAR, near);
            for (int n = 0; n < near.size(); n++) {
                int j = near.get(n);
                double similarity = similarity(places, grid.xMin(j), grid.yMin(j), grid.xMax(j), grid.yMax(j));
                if (similarity > 0) {
                    pairs.add(i, j, similarity);
                }
            }
        }
        boolean[] trackTaken = new boolean[tracks.size()];
        boolean[] faceTaken = new boolean[found.size()];
        int moved = 0;
        double[] x = new double[Math.min(tracks.size(), found.size())];
        double[] y = new double[x.length];
        double[] dx = new double[x.length];
        double[] dy = new double[x.length];
        for (int p : Ranking.highestFirst(pairs.similarity, pairs.size)) {
            int track = pairs.track[p];
            int face = pairs.face[p];
            if (!trackTaken[track] && !faceTaken[face]) {
                trackTaken[track] = true;
                faceTaken[face] = true;
                Track t = tracks.get(track);
                Face now = found.get(face);
                long span = sequence - t.lastSeen;
                if (span > 0) {
                    x[moved] = (t.box.xMin() + t.box.xMax()) / 2;
                    y[moved] = (t.box.yMin() + t.box.yMax()) / 2;
                    dx[moved] = ((now.xMin() + now.xMax()) / 2 - x[moved]) / span;
                    dy[moved] = ((now.yMin() + now.yMax()) / 2 - y[moved]) / span;
                    moved++;
                }
                t.seen(now, sequence);
            }
        }
        if (moved >= CameraMotion.MIN_FACES) {
            s.camera = CameraMotion.fit(Arrays.copyOf(x, moved), Arrays.copyOf(y, moved),
                    Arrays.copyOf(dx, moved), Arrays.copyOf(dy, moved));
        }
        return faceTaken;
    }

    /** Candidate (track, face) pairs and how similar they are, in arrays: a crowd makes thousands a frame. */
    private static final class Pairs {
        int[] track = new int[256];
        int[] face = new int[256];
        double[] similarity = new double[256];
        int size;

        void add(int t, int f, double s) {
            if (size == track.length) {
                track = Arrays.copyOf(track, size * 2);
                face = Arrays.copyOf(face, size * 2);
                similarity = Arrays.copyOf(similarity, size * 2);
            }
            track[size] = t;
            face[size] = f;
            similarity[size] = s;
            size++;
        }
    }

    /**
     * How well a face found continues a track whose face may be at {@code places}, 0 when it does not: its best
     * overlap with one of them, or, for faces too small to overlap reliably (two boxes of a 10-pixel face 6 pixels
     * apart hardly do), a face of about the same size whose centre is within {@value #NEAR} of its size of one of
     * them, ranked below any overlap.
     */
    static double similarity(double[][] places, Face found) {
        return similarity(places, found.xMin(), found.yMin(), found.xMax(), found.yMax());
    }

    /** {@link #similarity(double[][], Face)} of a face found with these edges. */
    private static double similarity(double[][] places, double fx0, double fy0, double fx1, double fy1) {
        // Comparisons instead of Math.min and Math.max, which the JIT's first tier calls rather than inlines: a
        // crowd's frame asks this some 18,000 times, of 52,000 boxes (docs/benchmarks.md). Boxes have finite edges,
        // so NaN and the sign of zero, which those methods take care of, do not arise.
        double foundArea = (fx1 - fx0) * (fy1 - fy0);
        double foundSize = fx1 - fx0 > fy1 - fy0 ? fx1 - fx0 : fy1 - fy0;
        double best = 0;
        for (double[] p : places) {
            double px0 = p[0];
            double py0 = p[1];
            double px1 = p[2];
            double py1 = p[3];
            double w = (px1 < fx1 ? px1 : fx1) - (px0 > fx0 ? px0 : fx0);
            double h = (py1 < fy1 ? py1 : fy1) - (py0 > fy0 ? py0 : fy0);
            if (w > 0 && h > 0) {
                double iou = w * h / ((px1 - px0) * (py1 - py0) + foundArea - w * h);
                if (iou >= MATCH_IOU) {
                    best = iou > best ? iou : best;
                    continue;
                }
            }
            double size = px1 - px0 > py1 - py0 ? px1 - px0 : py1 - py0;
            double dx = (fx0 + fx1 - px0 - px1) / 2;
            double dy = (fy0 + fy1 - py0 - py1) / 2;
            double distance2 = dx * dx + dy * dy;
            double limit = NEAR * size;
            if (distance2 > limit * limit) {
                continue;
            }
            double ratio = foundSize / (size > 1e-9 ? size : 1e-9);
            if (ratio >= 0.5 && ratio <= 2) {
                double near = MATCH_IOU * (1 - Math.sqrt(distance2) / (limit + 1e-12)) * 0.999;
                best = near > best ? near : best;
            }
        }
        return best;
    }

    private static boolean overlapsAny(Face box, List<Face> found) {
        for (Face f : found) {
            if (box.iou(f) >= MATCH_IOU) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where a track's face may be at {@code sequence}: a box covering the face as last seen <em>and</em> where its
     * motion takes it (its own once measured twice, else the camera's), grown on each side by the distance moved (it
     * may have sped up, or turned back) and by a safety margin per frame of age ({@value #MATCHED_GROWTH} of its size
     * once its own motion is known, {@value #UNMATCHED_GROWTH} before), at most {@value #MAX_GROWTH} of its size.
     * Landmarks are not predicted.
     */
    private static Face predict(Track t, long sequence, CameraMotion camera) {
        return predict(t.box, t.speed(camera), t.ownMotion() ? MATCHED_GROWTH : UNMATCHED_GROWTH,
                sequence - t.lastSeen);
    }

    /** {@code last} moved for {@code age} frames at {@code velocity} per edge, grown as {@link #predict} says. */
    static Face predict(Face last, double[] velocity, double growthPerFrame, long age) {
        double vx0 = velocity[0];
        double vy0 = velocity[1];
        double vx1 = velocity[2];
        double vy1 = velocity[3];
        double growth = Math.min(MAX_GROWTH, growthPerFrame * age);
        double gx = growth * last.width();
        double gy = growth * last.height();
        double xMin = Math.min(last.xMin(), last.xMin() + vx0 * age) - Math.abs(vx0) * age - gx;
        double yMin = Math.min(last.yMin(), last.yMin() + vy0 * age) - Math.abs(vy0) * age - gy;
        double xMax = Math.max(last.xMax(), last.xMax() + vx1 * age) + Math.abs(vx1) * age + gx;
        double yMax = Math.max(last.yMax(), last.yMax() + vy1 * age) + Math.abs(vy1) * age + gy;
        return new Face(xMin, yMin, Math.max(xMin, xMax), Math.max(yMin, yMax), last.score(), List.of());
    }
}
