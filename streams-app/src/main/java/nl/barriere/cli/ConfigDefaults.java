package nl.barriere.cli;

import java.nio.file.Path;
import java.util.Map;
import nl.barriere.platform.AppConfig;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults for the command options that are deployment settings ({@link AppConfig#OPTION_KEYS}): a flag wins, then
 * a {@code BARRIERE_*} variable, then the {@code --config} file, then the option's own default. A container or a
 * Kubernetes manifest then configures {@code review --users} the way it configures the broker address. Picocli asks
 * for defaults after it has read the flags, so the {@code --config} file is known by then.
 */
final class ConfigDefaults implements IDefaultValueProvider {

    private final Map<String, String> env;

    ConfigDefaults(final Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String defaultValue(final ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        final String key = option.longestName().replaceFirst("^--", "").replace('-', '.');
        if (!AppConfig.OPTION_KEYS.contains(key)) {
            return null;
        }
        final OptionSpec configOption = arg.command().findOption("--config");
        final Path file = configOption == null ? null : configOption.getValue();
        return AppConfig.load(file, env).get(key);
    }
}
