package dev.veil.run;

import dev.veil.config.Setting;
import java.util.Optional;

/**
 * A flag of {@code veil run} that means one of the programs' settings: it is read through the setting, so it accepts
 * what the setting accepts and is refused the same way, under the flag's name ({@code --port 70000 is out of range
 * 0..65535}).
 *
 * @param flag         as typed, {@code --port}
 * @param setting      the setting it means
 * @param ownDefault   {@code veil run}'s own default where it differs from the setting's; empty: the setting's
 */
record SettingFlag<T>(String flag, Setting<T> setting, Optional<T> ownDefault) {

    /** A flag with the setting's default. */
    static <T> SettingFlag<T> of(String flag, Setting<T> setting) {
        return new SettingFlag<>(flag, setting, Optional.empty());
    }

    /** A flag with a default of {@code veil run}'s own. */
    static <T> SettingFlag<T> of(String flag, Setting<T> setting, T ownDefault) {
        return new SettingFlag<>(flag, setting, Optional.of(setting.check(ownDefault)));
    }

    /** The value given, or the default; a value the setting refuses is a usage error that names the flag. */
    T parse(String raw) throws UsageException {
        if (raw == null) {
            return ownDefault.orElseGet(setting::defaultValue);
        }
        try {
            return setting.parseFlag(flag, raw);
        } catch (dev.veil.config.ConfigException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The default as a reader is told it (README, {@code --help}). */
    String defaultText() {
        return ownDefault.map(setting::write).orElseGet(setting::defaultText);
    }
}
