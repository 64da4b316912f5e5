package dev.veil.display;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * {@code GET /metrics}: the display's counters in Prometheus' text format, made at each scrape from the same
 * snapshot that {@code /api/streams} serves (one source of truth, nothing counted twice). Label values are
 * stream ids and stage names, both bounded ({@link DisplayServer#MAX_STREAMS}, {@link StreamStats#MAX_STAGES}), and
 * one detection device and runtime per stream (its latest).
 */
final class PrometheusMetrics {

    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private PrometheusMetrics() {
    }

    static byte[] text(DisplaySnapshot snapshot) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            WRITER.write(out, of(snapshot));
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    static MetricSnapshots of(DisplaySnapshot snapshot) {
        List<StreamSnapshot> streams = snapshot.streams();
        List<MetricSnapshot> metrics = new ArrayList<>();
        metrics.add(perStream("veil_display_frames_received", "Valid frames ingested, shown or not.", streams,
                StreamSnapshot::framesReceived));
        metrics.add(perStream("veil_display_frames_shown", "Frames that became the picture.", streams,
                StreamSnapshot::framesShown));
        metrics.add(perStream("veil_display_frames_not_ok",
                "Frames whose face detection failed or never ran upstream: the sink obscured them whole.", streams,
                StreamSnapshot::framesNotOk));
        metrics.add(perStream("veil_display_frames_obscured",
                "Frames not marked anonymized by a sink (detection not OK, or no sink stage last): the display showed"
                        + " its own obscured picture instead.", streams, StreamSnapshot::framesObscured));
        metrics.add(perStream("veil_display_frames_carried",
                "Frames whose faces were carried from a detection a few frames earlier (VEIL_DETECT_EVERY).", streams,
                StreamSnapshot::framesCarried));
        metrics.add(perStream("veil_display_frames_late",
                "Frames not shown because they arrived after their place in the sequence had passed.", streams,
                StreamSnapshot::framesLate));
        metrics.add(perStream("veil_display_frames_missing",
                "Sequence numbers skipped between shown frames (dropped upstream, or late).", streams,
                StreamSnapshot::framesMissing));
        metrics.add(perStream("veil_display_stream_restarts",
                "Times a stream started counting its frames again (its source restarted).", streams,
                StreamSnapshot::restarts));
        metrics.add(perStream("veil_display_faces", "Faces in the frames received.", streams,
                StreamSnapshot::facesTotal));
        metrics.add(gauge("veil_display_viewers", "MJPEG viewers watching now.", streams, StreamSnapshot::viewers));
        metrics.add(gauge("veil_display_faces_visible",
                "1 when the stream's sink shows faces (the boxes debugging mode), else 0.", streams,
                s -> s.facesVisible() ? 1 : 0));
        GaugeSnapshot.Builder detection = GaugeSnapshot.builder().name("veil_display_detection_info")
                .help("1, labelled with the device and runtime the stream's latest faces were detected on, as its"
                        + " inference vertex said (unknown when it did not).");
        for (StreamSnapshot s : streams) {
            detection.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(1).labels(Labels.of(
                    "device", s.detectionDevice(), "runtime", s.detectionRuntime(), "stream", s.stream())).build());
        }
        metrics.add(detection.build());
        metrics.add(GaugeSnapshot.builder().name("veil_display_streams").help("Streams the display holds.")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(streams.size()).build()).build());

        IngestRefusals refused = snapshot.refused();
        metrics.add(CounterSnapshot.builder().name("veil_display_ingest_refused")
                .help("Ingest requests refused, by reason.")
                .dataPoint(reason("invalid", refused.invalid()))
                .dataPoint(reason("unauthorized", refused.unauthorized()))
                .dataPoint(reason("locked_out", refused.lockedOut()))
                .dataPoint(reason("unsupported_type", refused.unsupportedType()))
                .dataPoint(reason("too_large", refused.tooLarge()))
                .dataPoint(reason("too_many_pixels", refused.tooManyPixels()))
                .dataPoint(reason("implausible_time", refused.implausibleTime()))
                .dataPoint(reason("too_many_streams", refused.tooManyStreams()))
                .build());
        ViewerRefusals viewers = snapshot.viewersRefused();
        metrics.add(CounterSnapshot.builder().name("veil_display_viewer_refused")
                .help("Viewer requests refused, by reason.")
                .dataPoint(reason("unauthorized", viewers.unauthorized()))
                .dataPoint(reason("locked_out", viewers.lockedOut()))
                .dataPoint(reason("too_many_viewers", viewers.tooManyViewers()))
                .build());
        RequestRefusals requests = snapshot.requestsRefused();
        metrics.add(CounterSnapshot.builder().name("veil_display_request_refused")
                .help("Requests of any path refused before their route, by reason.")
                .dataPoint(reason("foreign_host", requests.foreignHost()))
                .dataPoint(reason("foreign_origin", requests.foreignOrigin()))
                .dataPoint(reason("too_slow", requests.tooSlow()))
                .dataPoint(reason("too_large", requests.tooLarge()))
                .build());

        SummarySnapshot.Builder latency = SummarySnapshot.builder().name("veil_display_latency_seconds")
                .help("Capture (the source's decode) to display, per stream; quantiles over the last "
                        + StreamStats.RECENT_FRAMES + " frames.");
        SummarySnapshot.Builder stages = SummarySnapshot.builder().name("veil_display_stage_latency_seconds")
                .help("Time each stage spent on a frame, per stream and stage; quantiles over the last "
                        + StreamStats.RECENT_FRAMES + " frames.");
        for (StreamSnapshot s : streams) {
            if (s.latency() != null) {
                latency.dataPoint(summary(s.latency(), Labels.of("stream", s.stream())));
            }
            for (Map.Entry<String, LatencySummary> stage : s.stageLatency().entrySet()) {
                stages.dataPoint(summary(stage.getValue(), Labels.of("stage", stage.getKey(), "stream", s.stream())));
            }
        }
        metrics.add(latency.build());
        metrics.add(stages.build());
        return new MetricSnapshots(metrics);
    }

    private static CounterSnapshot perStream(String name, String help, List<StreamSnapshot> streams,
            ToLongFunction<StreamSnapshot> value) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
        for (StreamSnapshot s : streams) {
            counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value.applyAsLong(s))
                    .labels(Labels.of("stream", s.stream())).build());
        }
        return counter.build();
    }

    private static GaugeSnapshot gauge(String name, String help, List<StreamSnapshot> streams,
            ToDoubleFunction<StreamSnapshot> value) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        for (StreamSnapshot s : streams) {
            gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value.applyAsDouble(s))
                    .labels(Labels.of("stream", s.stream())).build());
        }
        return gauge.build();
    }

    private static CounterSnapshot.CounterDataPointSnapshot reason(String reason, long value) {
        return CounterSnapshot.CounterDataPointSnapshot.builder().value(value).labels(Labels.of("reason", reason)).build();
    }

    private static SummarySnapshot.SummaryDataPointSnapshot summary(LatencySummary l, Labels labels) {
        return SummarySnapshot.SummaryDataPointSnapshot.builder()
                .quantiles(Quantiles.of(new Quantile(0.5, l.p50Millis() / 1000), new Quantile(0.99, l.p99Millis() / 1000)))
                .count(l.count()).sum(l.sumMillis() / 1000).labels(labels).build();
    }
}
