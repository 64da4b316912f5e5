package dev.veil.display;

/**
 * Requests of any path refused before they reached their route, since start: addressed to a host name the display
 * does not answer (421, DNS rebinding), sent by another site's page (403, {@code Origin}), or with a body that came
 * too slowly (408), or a body other than a frame over a few KiB (413).
 */
public record RequestRefusals(long foreignHost, long foreignOrigin, long tooSlow, long tooLarge) {
}
