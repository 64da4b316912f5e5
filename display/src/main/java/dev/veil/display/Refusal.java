package dev.veil.display;

import java.util.Map;

/**
 * A request answered with an error before its route: the status, a plain-text body for whoever sent it, and the
 * headers the status calls for ({@code WWW-Authenticate}, {@code Retry-After}).
 */
record Refusal(int status, String message, Map<String, String> headers) {

    Refusal {
        headers = Map.copyOf(headers);
    }

    Refusal(int status, String message) {
        this(status, message, Map.of());
    }
}
