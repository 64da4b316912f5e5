package dev.veil.inference.network;

import org.bytedeco.javacpp.Pointer;

/**
 * A plain pointer to a byte offset inside native memory another pointer owns. JavaCPP counts a position in bytes
 * when a pointer goes to a {@code void*} parameter (memcpy, cudaMemcpyAsync) but in elements in Java, and a pointer
 * copied with its copy constructor frees the original's memory when it is closed; this view has neither trap: it
 * owns nothing, has position 0, and freeing it frees nothing.
 */
public final class NativeAddress {

    private NativeAddress() {
    }

    /** The address {@code base.address() + byteOffset}, as a pointer that owns nothing. */
    public static Pointer of(Pointer base, long byteOffset) {
        if (byteOffset < 0) {
            throw new IllegalArgumentException("negative offset " + byteOffset);
        }
        long target = base.address() + byteOffset;
        // (Not named "address": inside the subclass that name is the inherited field, not this variable.)
        return new Pointer() {
            {
                this.address = target;
            }
        };
    }
}
