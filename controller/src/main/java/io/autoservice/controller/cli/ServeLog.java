package io.autoservice.controller.cli;

import io.autoservice.common.logging.LogSetup;
import io.autoservice.common.settings.SettingsException;
import io.autoservice.controller.server.ControllerSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code serve}'s own log: its settings applied, its start and stop as key=value events. */
final class ServeLog {
  private static final String NAME = ServeLog.class.getName();
  private static final Logger log = LoggerFactory.getLogger(ServeLog.class);

  private ServeLog() {}

  /**
   * Logback from the settings' {@code log_*} keys, then the settings' warnings. Start and stop stay
   * at INFO whatever {@code log_level} says: "controller: serving on" is how scripts, the bench and
   * the end-to-end tests see that the controller is ready.
   */
  static void apply(ControllerSettings settings, List<String> warnings) throws SettingsException {
    try {
      LogSetup.apply(settings.log(), Map.of(NAME, "info"));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(e.getMessage());
    }
    warnings.forEach(w -> log.atWarn().setMessage("settings: " + w).log());
  }

  static void serving(String address, boolean insecure, Path dataDir) {
    log.atInfo()
        .setMessage(
            "controller: serving on "
                + address
                + (insecure ? " (INSECURE, plaintext)" : "")
                + ", data in "
                + dataDir)
        .addKeyValue("listen", address)
        .addKeyValue("insecure", insecure)
        .addKeyValue("data_dir", dataDir)
        .log();
  }

  /** A start-up note for the operator (where the admin token, the CA, the web console are). */
  static void note(String message) {
    log.info(message);
  }

  static void error(String message) {
    log.error(message);
  }

  static void stopping() {
    log.info("controller: stopping");
  }
}
