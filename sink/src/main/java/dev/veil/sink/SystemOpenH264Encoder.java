package dev.veil.sink;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machine's own OpenH264 ({@link SystemOpenH264}), set up as FFmpeg's {@code libopenh264} encoder sets it up
 * for Veil's MP4 files (rate control off, so OpenH264's constant quantizer; constrained baseline; one slice; the
 * SPS and PPS in the file's header), so that it gives the same pictures as {@link FfmpegH264Encoder}. The structures
 * are filled by offset: {@code SEncParamExt} from the library's own defaults ({@code GetDefaultParams}), then the
 * fields FFmpeg sets. Native memory is held from {@link #open} to {@link #close()}.
 */
final class SystemOpenH264Encoder implements H264Encoder {

    private static final Logger log = LoggerFactory.getLogger(SystemOpenH264Encoder.class);

    // ISVCEncoderVtbl: the C interface's functions, in order.
    private static final int INITIALIZE_EXT = 1;
    private static final int GET_DEFAULT_PARAMS = 2;
    private static final int UNINITIALIZE = 3;
    private static final int ENCODE_FRAME = 4;
    private static final int ENCODE_PARAMETER_SETS = 5;
    private static final int SET_OPTION = 7;

    // codec_app_def.h and codec_def.h, the same in 2.3.1 and 2.6.0.
    private static final int ENCODER_OPTION_TRACE_LEVEL = 25;
    private static final int WELS_LOG_ERROR = 1;
    private static final int RC_OFF_MODE = -1;
    private static final int CONSTANT_ID = 0;
    private static final int SM_SINGLE_SLICE = 0;
    private static final int VF_UNDEF = 5;
    private static final int VIDEO_FORMAT_I420 = 23;
    private static final int FRAME_TYPE_IDR = 1;
    private static final int FRAME_TYPE_SKIP = 4;
    /** FFmpeg's defaults for a codec context nobody set a bit rate or quantizer range on. */
    private static final int FFMPEG_DEFAULT_BIT_RATE = 200_000;
    private static final int FFMPEG_DEFAULT_QMIN = 2;
    private static final int FFMPEG_DEFAULT_QMAX = 31;

    // SEncParamExt.
    private static final int P_WIDTH = 4;
    private static final int P_HEIGHT = 8;
    private static final int P_TARGET_BITRATE = 12;
    private static final int P_RC_MODE = 16;
    private static final int P_MAX_FRAME_RATE = 20;
    private static final int P_TEMPORAL_LAYERS = 24;
    private static final int P_SPATIAL_LAYERS = 28;
    private static final int P_LAYER0 = 32;
    private static final int P_INTRA_PERIOD = 836;
    private static final int P_SPS_PPS_ID_STRATEGY = 844;
    private static final int P_PREFIX_NAL = 848;
    private static final int P_ENTROPY_CODING = 856;
    private static final int P_FRAME_SKIP = 860;
    private static final int P_MAX_BITRATE = 864;
    private static final int P_MAX_QP = 868;
    private static final int P_MIN_QP = 872;
    private static final int P_LONG_TERM_REFERENCE = 880;
    private static final int P_LTR_MARK_PERIOD = 888;
    private static final int P_THREADS = 892;
    private static final int P_LOOP_FILTER_DISABLE = 896;
    private static final int P_DENOISE = 908;
    private static final int P_BACKGROUND_DETECTION = 909;
    private static final int P_ADAPTIVE_QUANT = 910;
    // SSpatialLayerConfig, from P_LAYER0.
    private static final int L_WIDTH = 0;
    private static final int L_HEIGHT = 4;
    private static final int L_FRAME_RATE = 8;
    private static final int L_BITRATE = 12;
    private static final int L_MAX_BITRATE = 16;
    private static final int L_SLICE_MODE = 32;
    private static final int L_SLICE_NUM = 36;
    private static final int L_VIDEO_FORMAT = 185;
    private static final int L_ASPECT_RATIO_PRESENT = 191;
    // SSourcePicture.
    private static final int S_COLOR_FORMAT = 0;
    private static final int S_STRIDES = 4;
    private static final int S_PLANES = 24;
    private static final int S_WIDTH = 56;
    private static final int S_HEIGHT = 60;
    // SFrameBSInfo and its SLayerBSInfo.
    private static final int F_LAYER_COUNT = 0;
    private static final int F_LAYERS = 8;
    private static final int B_NAL_COUNT = 16;
    private static final int B_NAL_LENGTHS = 24;
    private static final int B_BITSTREAM = 32;

    private final SystemOpenH264.Library library;
    private final int width;
    private final int height;
    private Pointer encoder;
    private Function encodeFrame;
    private Function uninitialize;
    private Memory picture;
    private Memory frame;
    private AVPacket packet;
    private byte[] parameterSets;
    private boolean initialized;
    private long skipped;

    private SystemOpenH264Encoder(SystemOpenH264.Library library, int width, int height) {
        this.library = library;
        this.width = width;
        this.height = height;
    }

    /** Opens the library's encoder for pictures of this size; the SPS and PPS go to the file's header. */
    static SystemOpenH264Encoder open(SystemOpenH264.Library library, int width, int height, double frameRate,
                                      int keyFrameSpacing) throws IOException {
        SystemOpenH264Encoder opened = new SystemOpenH264Encoder(library, width, height);
        try {
            opened.start(frameRate, keyFrameSpacing);
            return opened;
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    private void start(double frameRate, int keyFrameSpacing) throws IOException {
        SystemOpenH264.Abi abi = library.abi();
        try (Memory holder = new Memory(Native.POINTER_SIZE)) {
            holder.clear();
            int created = library.create().invokeInt(new Object[] {holder});
            encoder = holder.getPointer(0);
            if (created != 0 || encoder == null) {
                encoder = null;
                throw new IOException(name() + " could not create an encoder (error " + created + ")");
            }
        }
        Pointer functions = encoder.getPointer(0);
        encodeFrame = function(functions, ENCODE_FRAME);
        uninitialize = function(functions, UNINITIALIZE);
        picture = new Memory(abi.pictureBytes());
        frame = new Memory(abi.frameBytes());
        packet = av_packet_alloc();
        if (packet == null) {
            throw new OutOfMemoryError("FFmpeg could not allocate a packet");
        }
        try (Memory level = new Memory(Integer.BYTES); Memory param = new Memory(abi.paramBytes())) {
            level.setInt(0, WELS_LOG_ERROR);
            call(function(functions, SET_OPTION), "setting its log level", encoder, ENCODER_OPTION_TRACE_LEVEL, level);
            param.clear();
            call(function(functions, GET_DEFAULT_PARAMS), "reading its defaults", encoder, param);
            float rate = (float) frameRate;
            param.setFloat(P_MAX_FRAME_RATE, rate);
            param.setInt(P_WIDTH, width);
            param.setInt(P_HEIGHT, height);
            param.setInt(P_TARGET_BITRATE, FFMPEG_DEFAULT_BIT_RATE);
            param.setInt(P_MAX_BITRATE, FFMPEG_DEFAULT_BIT_RATE);
            param.setInt(P_RC_MODE, RC_OFF_MODE);
            param.setInt(P_MAX_QP, FFMPEG_DEFAULT_QMAX);
            param.setInt(P_MIN_QP, FFMPEG_DEFAULT_QMIN);
            param.setInt(P_TEMPORAL_LAYERS, 1);
            param.setInt(P_SPATIAL_LAYERS, 1);
            param.setByte(P_DENOISE, (byte) 0);
            param.setByte(P_BACKGROUND_DETECTION, (byte) 1);
            param.setByte(P_ADAPTIVE_QUANT, (byte) 1);
            param.setByte(P_FRAME_SKIP, (byte) 0);
            param.setByte(P_LONG_TERM_REFERENCE, (byte) 0);
            param.setInt(P_LTR_MARK_PERIOD, 30);
            param.setInt(P_INTRA_PERIOD, keyFrameSpacing);
            param.setInt(P_SPS_PPS_ID_STRATEGY, CONSTANT_ID);
            param.setByte(P_PREFIX_NAL, (byte) 0);
            param.setInt(P_LOOP_FILTER_DISABLE, 0);
            param.setInt(P_ENTROPY_CODING, 0);
            // One thread: the encoder runs beside the detector and the sink, which use the other cores.
            param.setShort(P_THREADS, (short) 1);
            param.setInt(P_LAYER0 + L_WIDTH, width);
            param.setInt(P_LAYER0 + L_HEIGHT, height);
            param.setFloat(P_LAYER0 + L_FRAME_RATE, rate);
            param.setInt(P_LAYER0 + L_BITRATE, FFMPEG_DEFAULT_BIT_RATE);
            param.setInt(P_LAYER0 + L_MAX_BITRATE, FFMPEG_DEFAULT_BIT_RATE);
            param.setByte(P_LAYER0 + L_ASPECT_RATIO_PRESENT, (byte) 0);
            param.setInt(P_LAYER0 + L_SLICE_MODE, SM_SINGLE_SLICE);
            param.setInt(P_LAYER0 + L_SLICE_NUM, 0);
            param.setByte(P_LAYER0 + L_VIDEO_FORMAT, (byte) VF_UNDEF);
            call(function(functions, INITIALIZE_EXT), "starting for " + width + "x" + height + " pictures", encoder,
                    param);
            initialized = true;
        }
        frame.clear();
        call(function(functions, ENCODE_PARAMETER_SETS), "writing the SPS and PPS", encoder, frame);
        parameterSets = layerBytes(0);
        if (parameterSets.length == 0) {
            throw new IOException(name() + " gave no SPS and PPS");
        }
    }

    private static Function function(Pointer functions, int index) {
        return Function.getFunction(functions.getPointer((long) index * Native.POINTER_SIZE));
    }

    private void call(Function function, String doing, Object... arguments) throws IOException {
        int result = function.invokeInt(arguments);
        if (result != 0) {
            throw new IOException(name() + " failed " + doing + " (error " + result + ")");
        }
    }

    /** The bytes of one layer of the last {@code SFrameBSInfo}: its NAL units, Annex B, one after another. */
    private byte[] layerBytes(int layer) {
        long at = F_LAYERS + (long) layer * library.abi().layerBytes();
        int size = layerSize(at);
        return size == 0 ? new byte[0] : frame.getPointer(at + B_BITSTREAM).getByteArray(0, size);
    }

    private int layerSize(long at) {
        int nals = frame.getInt(at + B_NAL_COUNT);
        Pointer lengths = frame.getPointer(at + B_NAL_LENGTHS);
        int size = 0;
        for (int i = 0; i < nals; i++) {
            size += lengths.getInt((long) i * Integer.BYTES);
        }
        return size;
    }

    @Override
    public void describe(AVCodecParameters parameters) {
        parameters.codec_type(AVMEDIA_TYPE_VIDEO).codec_id(AV_CODEC_ID_H264).width(width).height(height)
                .format(AV_PIX_FMT_YUV420P);
        BytePointer header = new BytePointer(av_mallocz(parameterSets.length + AV_INPUT_BUFFER_PADDING_SIZE));
        if (header.isNull()) {
            throw new OutOfMemoryError("FFmpeg could not allocate the H.264 track's header");
        }
        header.put(parameterSets);
        parameters.extradata(header).extradata_size(parameterSets.length);
    }

    @Override
    public void encode(AVFrame yuv, Packets out) throws IOException {
        if (yuv == null) {
            return; // OpenH264 holds no pictures back: each comes out of the call that took it.
        }
        picture.clear();
        picture.setInt(S_COLOR_FORMAT, VIDEO_FORMAT_I420);
        for (int plane = 0; plane < 3; plane++) {
            picture.setInt(S_STRIDES + (long) plane * Integer.BYTES, yuv.linesize(plane));
            picture.setPointer(S_PLANES + (long) plane * Native.POINTER_SIZE, new Pointer(yuv.data(plane).address()));
        }
        picture.setInt(S_WIDTH, width);
        picture.setInt(S_HEIGHT, height);
        frame.clear();
        int result = encodeFrame.invokeInt(new Object[] {encoder, picture, frame});
        if (result != 0) {
            throw new IOException(name() + " failed to encode a picture (error " + result + ")");
        }
        int type = frame.getInt(library.abi().frameTypeOffset());
        if (type == FRAME_TYPE_SKIP) {
            skipped++;
            return;
        }
        // An IDR picture comes as two layers, the SPS and PPS first; the file's header already has them.
        int layer = frame.getInt(F_LAYER_COUNT) - 1;
        if (layer < 0) {
            throw new IOException(name() + " returned a picture without layers");
        }
        long at = F_LAYERS + (long) layer * library.abi().layerBytes();
        int size = layerSize(at);
        av_packet_unref(packet);
        VideoFileWriter.require(av_new_packet(packet, size), "allocating a packet");
        Pointer bitstream = frame.getPointer(at + B_BITSTREAM);
        BytePointer.memcpy(packet.data(), new BytePointer(bitstream.getByteBuffer(0, size)), size);
        packet.pts(yuv.pts()).dts(yuv.pts());
        if (type == FRAME_TYPE_IDR) {
            packet.flags(packet.flags() | AV_PKT_FLAG_KEY);
        }
        out.write(packet);
    }

    @Override
    public String name() {
        return library.describe();
    }

    @Override
    public void close() {
        if (skipped > 0) {
            // None is expected with rate control off; a skipped picture is missing from the file, so say so.
            log.atWarn().addKeyValue("encoder", name()).addKeyValue("pictures", skipped)
                    .log("OpenH264 skipped pictures: the file lacks them");
            skipped = 0;
        }
        if (encoder != null) {
            if (initialized) {
                uninitialize.invokeInt(new Object[] {encoder});
                initialized = false;
            }
            library.destroy().invokeVoid(new Object[] {encoder});
            encoder = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (picture != null) {
            picture.close();
            picture = null;
        }
        if (frame != null) {
            frame.close();
            frame = null;
        }
    }
}
