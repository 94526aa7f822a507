package io.autoservice.agent.tasks.battery;

import io.autoservice.agent.tasks.TaskContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where batteries are read: sysfs on Linux, {@code powercfg /batteryreport} on Windows. */
public interface BatterySource {
  /** The environment variable that points the Linux source at another power-supply folder. */
  String POWER_SUPPLY_DIR_ENV = "AUTOSERVICE_POWER_SUPPLY_DIR";

  /** The default Linux folder. */
  Path SYSFS_POWER_SUPPLY = Path.of("/sys/class/power_supply");

  /**
   * The system's batteries, in a stable order (the task's {@code index} picks one); empty when the
   * machine has none. Throws when the source itself could not be read.
   */
  List<BatteryReading> batteries(TaskContext ctx) throws IOException;

  /** How the report names this source, e.g. {@code sysfs /sys/class/power_supply}. */
  String describe();

  /**
   * The source for this OS: Windows runs {@code %SystemRoot%\System32\powercfg.exe}; anything else
   * reads {@code $AUTOSERVICE_POWER_SUPPLY_DIR}, else {@code /sys/class/power_supply}.
   */
  static BatterySource system(boolean windows, Map<String, String> env) {
    if (windows) {
      String root = env.getOrDefault("SystemRoot", env.getOrDefault("SYSTEMROOT", "C:\\Windows"));
      return new PowercfgBatterySource(Path.of(root, "System32", "powercfg.exe"));
    }
    String dir = env.get(POWER_SUPPLY_DIR_ENV);
    return new SysfsBatterySource(dir == null || dir.isBlank() ? SYSFS_POWER_SUPPLY : Path.of(dir));
  }
}
