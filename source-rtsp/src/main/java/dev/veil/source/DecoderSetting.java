package dev.veil.source;

/** {@code VEIL_DECODER}: who decodes the video. */
public enum DecoderSetting {
    /** NVDEC ({@code h264_cuvid} and kin) when a CUDA device is visible, else FFmpeg's CPU decoders. */
    AUTO,
    /** Always FFmpeg's CPU decoders, with their threads. */
    CPU,
    /** NVDEC; the vertex refuses to start when no CUDA device is visible. */
    NVDEC
}
