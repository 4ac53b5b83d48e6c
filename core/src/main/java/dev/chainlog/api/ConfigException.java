package dev.chainlog.api;

/** A configuration value is unknown or out of range. The message names the setting and its valid values. */
public class ConfigException extends ChainlogException {
    public ConfigException(String message) {
        super(message);
    }
}
