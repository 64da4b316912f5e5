package dev.veil.display;

/** What a viewer must show to see the streams, their stats and the metrics. */
public enum ViewAuth {
    /** Anyone who can reach the server: for a Service inside the cluster, reached by port-forward. */
    NONE,
    /** A shared token: once, as {@code ?token=} or on the login page, which sets a cookie; or as a bearer header. */
    TOKEN,
    /** HTTP basic authentication, which every browser asks for and then sends with the picture stream too. */
    BASIC
}
