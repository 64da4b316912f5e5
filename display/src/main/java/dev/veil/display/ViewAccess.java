package dev.veil.display;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import dev.veil.config.Setting;
import java.util.List;
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

    public static final String DEFAULT_USER = "veil";

    public static final Setting<ViewAuth> AUTH = Setting.choice("VEIL_VIEW_AUTH", ViewAuth.class,
            "who may watch: none, token or basic").byDefaultDescribed("from the secret given");
    public static final Setting<String> TOKEN = Setting.text("VEIL_VIEW_TOKEN",
            "token: open /view/<stream>?token=... once, a cookie does the rest; 16 bytes or more");
    public static final Setting<String> USER = Setting.text("VEIL_VIEW_USER", "basic: the user name")
            .byDefault(DEFAULT_USER);
    public static final Setting<String> PASSWORD = Setting.text("VEIL_VIEW_PASSWORD",
            "basic: the password; 16 bytes or more");
    /** What the display server reads for its viewers (part of its {@link DisplayConfig#SETTINGS}). */
    static final List<Setting<?>> SETTINGS = List.of(AUTH, TOKEN, USER, PASSWORD);

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
        Optional<String> token = TOKEN.optional(env);
        Optional<String> password = PASSWORD.optional(env);
        ViewAuth implied;
        if (token.isPresent() && password.isPresent()) {
            implied = null; // ambiguous: only an explicit choice will do
        } else {
            implied = token.isPresent() ? ViewAuth.TOKEN : password.isPresent() ? ViewAuth.BASIC : ViewAuth.NONE;
        }
        Optional<ViewAuth> explicit = AUTH.optional(env);
        if (explicit.isEmpty() && implied == null) {
            throw new ConfigException(TOKEN + " and " + PASSWORD + " are both set: set " + AUTH
                    + " to token or basic, and remove the other");
        }
        return new ViewAccess(explicit.orElse(implied), token, USER.read(env), password);
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
