package io.autoservice.common.settings;

/** A setting that stops the start: the message names the key, variable or flag and the value. */
public final class SettingsException extends Exception {
  private static final long serialVersionUID = 1L;

  public SettingsException(String message) {
    super(message);
  }
}
