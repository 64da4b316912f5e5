package dev.veil.display;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may watch. {@code VEIL_VIEW_AUTH} chooses; left unset, it follows from the secret given
 * ({@code VEIL_VIEW_TOKEN}: token, {@code VEIL_VIEW_PASSWORD}: basic, neither: none), so that putting a secret in
 * place is enough to close the viewer. A secret that the chosen mode would not use is refused rather than
 * silently ignored: whoever set it expects it to protect something. A secret shorter than
 * {@link DisplayConfig#MIN_SECRET_BYTES} is refused.
 *
 * @param mode      none, token or basic
 * @param token     the viewing token, for {@link ViewAuth#TOKEN}
 * @param user      the user name, for {@link ViewAuth#BASIC}
 * @param password  the password, for {@link ViewAuth#BASIC}
 */
public record ViewAccess(ViewAuth mode, Optional<String> token, String user, Optional<String> password) {

    public static final String AUTH = "VEIL_VIEW_AUTH";
    public static final String TOKEN = "VEIL_VIEW_TOKEN";
    public static final String USER = "VEIL_VIEW_USER";
    public static final String PASSWORD = "VEIL_VIEW_PASSWORD";

    public static final String DEFAULT_USER = "veil";

    public ViewAccess {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isBlank() || user.contains(":")) {
            throw new ConfigException(USER + " must be a non-blank name without ':'");
        }
        switch (mode) {
            case NONE -> {
                if (token.isPresent() || password.isPresent()) {
                    throw new ConfigException(AUTH + "=none but " + (token.isPresent() ? TOKEN : PASSWORD)
                            + " is set: choose token or basic, or remove the secret");
                }
            }
            case TOKEN -> {
                if (token.isEmpty()) {
                    throw new ConfigException(AUTH + "=token needs " + TOKEN);
                }
                if (password.isPresent()) {
                    throw new ConfigException(AUTH + "=token but " + PASSWORD + " is set: it would protect nothing");
                }
            }
            case BASIC -> {
                if (password.isEmpty()) {
                    throw new ConfigException(AUTH + "=basic needs " + PASSWORD);
                }
                if (token.isPresent()) {
                    throw new ConfigException(AUTH + "=basic but " + TOKEN + " is set: it would protect nothing");
                }
            }
            default -> throw new IllegalStateException("unhandled " + mode);
        }
        token.ifPresent(t -> DisplayConfig.requireLongSecret(TOKEN, t));
        password.ifPresent(p -> DisplayConfig.requireLongSecret(PASSWORD, p));
    }

    public static ViewAccess open() {
        return new ViewAccess(ViewAuth.NONE, Optional.empty(), DEFAULT_USER, Optional.empty());
    }

    public static ViewAccess withToken(String token) {
        return new ViewAccess(ViewAuth.TOKEN, Optional.of(token), DEFAULT_USER, Optional.empty());
    }

    public static ViewAccess withPassword(String user, String password) {
        return new ViewAccess(ViewAuth.BASIC, Optional.empty(), user, Optional.of(password));
    }

    public static ViewAccess fromEnv(Env env) {
        Optional<String> token = env.optional(TOKEN);
        Optional<String> password = env.optional(PASSWORD);
        ViewAuth implied;
        if (token.isPresent() && password.isPresent()) {
            implied = null; // ambiguous: only an explicit choice will do
        } else {
            implied = token.isPresent() ? ViewAuth.TOKEN : password.isPresent() ? ViewAuth.BASIC : ViewAuth.NONE;
        }
        Optional<String> explicit = env.optional(AUTH);
        if (explicit.isEmpty() && implied == null) {
            throw new ConfigException(TOKEN + " and " + PASSWORD + " are both set: set " + AUTH
                    + " to token or basic, and remove the other");
        }
        ViewAuth mode = explicit.isPresent() ? Env.parseChoice(AUTH, explicit.get(), ViewAuth.class) : implied;
        return new ViewAccess(mode, token, env.string(USER, DEFAULT_USER), password);
    }

    /** Never the secrets: configs end up in logs. */
    @Override
    public String toString() {
        return switch (mode) {
            case NONE -> "none";
            case TOKEN -> "token";
            case BASIC -> "basic(user=" + user + ")";
        };
    }
}
