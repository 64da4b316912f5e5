package dev.veil.sink;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The machine's own OpenH264 library (Debian's and Ubuntu's {@code libopenh264-7} or {@code libopenh264-8}), found
 * once per process. Bytedeco's FFmpeg links an OpenH264 built without its assembly ({@code USE_ASM=No}); a
 * distribution's is built with it and encodes the same pictures in about a quarter of the CPU.
 *
 * <p>The library is called through JNA, so its structures are laid out here by hand. Each soname has one layout
 * (that is what a soname promises); {@link Abi} holds the sizes and the offsets that differ between the two, read from
 * their headers (OpenH264 2.3.1 for {@code .so.7}, 2.6.0 for {@code .so.8}). A soname not listed is not used.
 */
final class SystemOpenH264 {

    /**
     * The struct sizes of one soname and the offsets that moved between them; every other offset used is the same in
     * both (see {@link SystemOpenH264Encoder}).
     *
     * @param paramBytes       {@code sizeof(SEncParamExt)}
     * @param pictureBytes     {@code sizeof(SSourcePicture)}
     * @param frameBytes       {@code sizeof(SFrameBSInfo)}
     * @param layerBytes       {@code sizeof(SLayerBSInfo)}, the stride of {@code SFrameBSInfo.sLayerInfo}
     * @param frameTypeOffset  {@code offsetof(SFrameBSInfo, eFrameType)}
     */
    record Abi(String soname, int paramBytes, int pictureBytes, int frameBytes, int layerBytes, int frameTypeOffset) {
    }

    /** Newest first. */
    static final List<Abi> ABIS = List.of(
            new Abi("libopenh264.so.8", 924, 80, 7192, 56, 7176),
            new Abi("libopenh264.so.7", 920, 72, 5144, 40, 5128));

    private static final Object LOCK = new Object();
    private static Lookup found;

    /** The library's entry points and which layout it has. */
    record Library(Abi abi, String version, Function create, Function destroy) {
        String describe() {
            return "OpenH264 " + version + " (" + abi.soname() + ", the machine's)";
        }
    }

    /** The library, or why there is none. */
    record Lookup(Optional<Library> library, String whyNot) {
    }

    private SystemOpenH264() {
    }

    /** Looks for the library the first time, then answers the same. */
    static Lookup find() {
        synchronized (LOCK) {
            if (found == null) {
                found = find(ABIS);
            }
            return found;
        }
    }

    /** Tries each soname in turn (tests pass names that are not there). */
    static Lookup find(List<Abi> abis) {
        List<String> reasons = new ArrayList<>();
        for (Abi abi : abis) {
            NativeLibrary library;
            try {
                library = NativeLibrary.getInstance(abi.soname());
            } catch (UnsatisfiedLinkError e) {
                reasons.add(abi.soname() + " is not installed");
                continue;
            }
            try {
                Function create = library.getFunction("WelsCreateSVCEncoder");
                Function destroy = library.getFunction("WelsDestroySVCEncoder");
                Function version = library.getFunction("WelsGetCodecVersionEx");
                String text;
                try (Memory v = new Memory(16)) {
                    v.clear();
                    version.invokeVoid(new Object[] {v});
                    text = v.getInt(0) + "." + v.getInt(4) + "." + v.getInt(8);
                    if (v.getInt(0) != 2) {
                        reasons.add(abi.soname() + " is OpenH264 " + text + ", not 2.x");
                        continue;
                    }
                }
                return new Lookup(Optional.of(new Library(abi, text, create, destroy)), "");
            } catch (UnsatisfiedLinkError e) {
                reasons.add(abi.soname() + " lacks OpenH264's encoder (" + e.getMessage() + ")");
            }
        }
        return new Lookup(Optional.empty(), String.join("; ", reasons));
    }
}
