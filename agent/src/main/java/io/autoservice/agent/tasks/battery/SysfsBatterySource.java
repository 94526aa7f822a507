package io.autoservice.agent.tasks.battery;

import io.autoservice.agent.tasks.TaskContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Linux's {@code /sys/class/power_supply/*} (or another folder laid out the same way, for
 * tests): every sub-folder's small attribute files are read and handed to {@link
 * SysfsBatteryParser}. Folders are taken in name order ({@code BAT0} before {@code BAT1}). A
 * missing root means no batteries; an attribute that cannot be read (some drivers answer EIO or
 * ENODATA) is treated as absent.
 */
public final class SysfsBatterySource implements BatterySource {
  /** The attributes read; anything else in the folder is ignored. */
  static final List<String> ATTRIBUTES =
      List.of(
          "type",
          "scope",
          "present",
          "status",
          "technology",
          "manufacturer",
          "model_name",
          "serial_number",
          "cycle_count",
          "capacity",
          "temp",
          "voltage_now",
          "voltage_avg",
          "voltage_min_design",
          "energy_now",
          "energy_full",
          "energy_full_design",
          "charge_now",
          "charge_full",
          "charge_full_design",
          "power_now",
          "current_now",
          "time_to_empty_now",
          "time_to_full_now");

  private static final int MAX_BYTES = 4096;

  private final Path root;

  public SysfsBatterySource(Path root) {
    this.root = root;
  }

  @Override
  public String describe() {
    return "sysfs " + root;
  }

  @Override
  public List<BatteryReading> batteries(TaskContext ctx) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Path> folders = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path p : dirs) {
        if (Files.isDirectory(p)) {
          folders.add(p);
        }
      }
    }
    folders.sort(Comparator.comparing(p -> p.getFileName().toString()));
    List<BatteryReading> out = new ArrayList<>();
    for (Path folder : folders) {
      Map<String, String> attrs = new HashMap<>();
      for (String name : ATTRIBUTES) {
        read(folder.resolve(name)).ifPresent(v -> attrs.put(name, v));
      }
      SysfsBatteryParser.parse(folder.getFileName().toString(), folder.toString(), attrs)
          .ifPresent(out::add);
    }
    return out;
  }

  private static Optional<String> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file)) {
      return Optional.of(new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
