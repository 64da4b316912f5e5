package dev.veil.source;

import dev.veil.frame.StageClock;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream of files: each file, or each video of a directory in name order, played once with backpressure (the
 * decoder waits for the pipeline); resumed after the last acknowledged frame; at the end, stopped or looped.
 * A file that cannot be played is one ERROR line and the stream goes on with the next.
 */
final class FileStreamReader extends StreamReader {

    private static final Logger log = LoggerFactory.getLogger(FileStreamReader.class);

    private final FilePosition resumeFrom;
    private volatile long declaredFrames;
    private volatile long remainingInFile;
    private long picturesInFile;

    /** @param resumeFrom where a restarted vertex goes on, or null to start at the beginning */
    FileStreamReader(int index, StreamSpec spec, SourceConfig config, FrameQueues queues,
                     VideoInput.Settings settings, Pacer pacer, FilePosition resumeFrom, boolean asPictures) {
        super(index, spec, config, queues, settings, pacer, asPictures);
        this.resumeFrom = resumeFrom;
    }

    /** Queued frames, plus the pictures the current file still holds by its container's count. */
    @Override
    long pending() {
        return queues.size(index) + remainingInFile;
    }

    @Override
    protected long declaredFrames() {
        return declaredFrames;
    }

    @Override
    protected void play() throws InterruptedException {
        FilePosition resume = resumeFrom;
        if (resume != null) {
            emitter.resumeAt(resume.nextSequence(), resume.ptsBaseMicros());
            log.atInfo().addKeyValue("stream", id).addKeyValue("file", resume.file())
                    .addKeyValue("picture", resume.nextPicture()).addKeyValue("sequence", resume.nextSequence())
                    .log("resuming after the last acknowledged frame");
        }
        while (!closed()) {
            List<String> files;
            try {
                files = VideoFiles.expand(spec.inputs());
            } catch (IOException e) {
                counters.readErrors.incrementAndGet();
                noteProblem("input cannot be listed: " + e);
                log.atError().addKeyValue("stream", id).addKeyValue("input", spec.inputForLogs())
                        .addKeyValue("error", e.toString()).log("input cannot be listed, stream stops");
                return;
            }
            if (files.isEmpty()) {
                noteProblem("no video file in " + spec.inputForLogs());
                log.atWarn().addKeyValue("stream", id).addKeyValue("input", spec.inputForLogs())
                        .log("no video file in the input, stream stops");
                return;
            }
            int first = 0;
            long skip = 0;
            if (resume != null) {
                first = files.indexOf(resume.file());
                if (first >= 0) {
                    skip = resume.nextPicture();
                } else {
                    String gone = resume.file();
                    first = (int) files.stream().filter(f -> f.compareTo(gone) < 0).count();
                    log.atWarn().addKeyValue("stream", id).addKeyValue("file", gone)
                            .log("the file to resume in is no longer there, going on with the next one");
                }
                resume = null;
            }
            boolean anyPlayed = false;
            for (int i = first; i < files.size() && !closed(); i++) {
                boolean last = i == files.size() - 1 && config.atEnd() == SourceConfig.AtEnd.STOP;
                anyPlayed |= playFile(files.get(i), i == first ? skip : 0, last);
            }
            if (closed()) {
                return;
            }
            if (config.atEnd() == SourceConfig.AtEnd.LOOP && (anyPlayed || first > 0)) {
                log.atInfo().addKeyValue("stream", id).addKeyValue("frames", emitter.sequence())
                        .log("end of input, looping");
                continue;
            }
            if (anyPlayed || first > 0) {
                log.atInfo().addKeyValue("stream", id).addKeyValue("frames", emitter.sequence())
                        .log("end of input, stream stops");
            } else if (files.size() > 1) {
                log.atError().addKeyValue("stream", id).addKeyValue("input", spec.inputForLogs())
                        .log("no file of the stream could be played, stream stops");
            }
            return;
        }
    }

    /**
     * A damaged file that gave fewer pictures than its container declares lost the rest: cut off, unreadable, or
     * rejected by the decoder. Counted only after damage was seen, since a container's count can be off by a
     * picture or two in a healthy file (edit lists) and that is no loss.
     */
    private void countUnread(String forLogs, boolean damaged) {
        long unread = declaredFrames - picturesInFile;
        if (!damaged || declaredFrames <= 0 || unread <= 0) {
            return;
        }
        counters.unreadFrames.addAndGet(unread);
        log.atWarn().addKeyValue("stream", id).addKeyValue("input", forLogs).addKeyValue("declared", declaredFrames)
                .addKeyValue("decoded", picturesInFile).addKeyValue("lost", unread)
                .log("damaged file gave fewer pictures than it declares, the rest is lost");
    }

    /** Plays one file from picture {@code skip} on; false when it could not be opened. */
    private boolean playFile(String file, long skip, boolean last) throws InterruptedException {
        String forLogs = RedactedUrl.of(file);
        InterruptFlag flag = newFlag();
        if (flag == null) {
            return false;
        }
        try {
            VideoInput input;
            try {
                input = VideoInput.open(file, forLogs, settings, flag);
            } catch (InputException e) {
                if (e.kind() != InputException.Kind.ABORTED) {
                    counters.readErrors.incrementAndGet();
                    noteProblem(e.getMessage());
                    log.atError().addKeyValue("stream", id).addKeyValue("input", forLogs)
                            .addKeyValue("error", e.getMessage()).addKeyValue("then", last ? "stream stops" : "next file")
                            .log("file cannot be played");
                }
                return false;
            }
            long lastPts = -1;
            long frameMicros = frameMicros(input);
            long damageBefore = counters.decodeErrors.get();
            try (input) {
                noteDecoder(input);
                declaredFrames = input.declaredFrames();
                picturesInFile = 0;
                remainingInFile = declaredFrames;
                emitter.inputOpened();
                logOpened(input, forLogs, skip);
                while (!closed()) {
                    long start = StageClock.nowMicros();
                    VideoInput.Picture picture = input.next();
                    if (picture == null) {
                        break;
                    }
                    picturesInFile++;
                    lastPts = picture.ptsMicros();
                    // Skipped: acknowledged before the restart, or damaged.
                    if (picturesInFile > skip && !emitter.skipDamaged(picture, forLogs, picturesInFile - 1)) {
                        emitter.emit(input, picture, start, file, picturesInFile);
                    }
                    // Only now: while emit waits for room, its picture still counts as pending.
                    remainingInFile = Math.max(0, declaredFrames - picturesInFile);
                }
                String tail = input.damageAfterLastPicture();
                if (!closed() && tail != null) {
                    noteProblem("video damaged at its end, the rest of " + forLogs + " is lost: " + tail);
                    if (!emitter.inDamage()) {
                        counters.decodeErrors.incrementAndGet();
                        log.atWarn().addKeyValue("stream", id).addKeyValue("input", forLogs)
                                .addKeyValue("picture", picturesInFile).addKeyValue("error", tail)
                                .log("video damaged at its end, the rest of the file is lost");
                    }
                }
                if (!closed()) {
                    countUnread(forLogs, counters.decodeErrors.get() > damageBefore);
                }
            } catch (InputException e) {
                if (e.kind() != InputException.Kind.ABORTED && !closed()) {
                    counters.readErrors.incrementAndGet();
                    noteProblem(e.getMessage());
                    log.atWarn().addKeyValue("stream", id).addKeyValue("input", forLogs)
                            .addKeyValue("picture", picturesInFile).addKeyValue("error", e.getMessage())
                            .log("file read failed, going on with the next");
                }
            } finally {
                remainingInFile = 0;
                emitter.inputEnded(lastPts, frameMicros);
            }
            return true;
        } finally {
            releaseFlag(flag);
        }
    }
}
