package io.autoservice.agent.tasks.smart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads smartctl's JSON output ({@code -j}): the device list of {@code --scan -j} and one device's
 * {@code -a -j} report. Pure: no I/O, and it never throws, whatever the input.
 *
 * <p>smartctl prints its JSON even when its exit code is non-zero (the code is a bit mask about the
 * drive, see {@link SmartctlExitStatus}), and puts its own complaints into {@code
 * smartctl.messages[]} (e.g. {@code Smartctl open device: /dev/sda failed: … Error=5}) rather than
 * on stderr. The JSON is read leniently: text before the first {@code {} (a banner, a warning) is
 * skipped (also when it holds a brace: then the first brace at the start of a line is tried), trailing text is ignored and a repeated key keeps its last value.
 */
public final class SmartctlOutputParser {
  /** Lenient on purpose: this reads a tool's output, not our own files. */
  private static final ObjectMapper LENIENT = JsonMapper.builder().build();

  /** Where JSON may start: the first brace, then braces at the start of a line. */
  private static final int MAX_ATTEMPTS = 5;

  /** Message texts that mean smartctl could not talk to a drive behind a USB bridge. */
  private static final List<String> USB_INDICATORS =
      List.of("usb", "unknown usb bridge", "please specify device type", "usbjmicron", "usbasm");

  private SmartctlOutputParser() {}

  /**
   * What {@code smartctl --scan -j} printed.
   *
   * @param jsonFound whether the output held a JSON object
   * @param devices the {@code devices[]} entries that have a name, in order (none when the machine
   *     has no drives smartctl can see: smartctl then omits the key altogether)
   * @param messages {@code smartctl.messages[].string}
   * @param errorMessages those of them with severity {@code error}
   * @param exitStatus {@code smartctl.exit_status}, if printed
   */
  public record ScanOutput(
      boolean jsonFound,
      List<ScanDevice> devices,
      List<String> messages,
      List<String> errorMessages,
      Integer exitStatus) {
    public ScanOutput {
      devices = List.copyOf(devices);
      messages = List.copyOf(messages);
      errorMessages = List.copyOf(errorMessages);
    }
  }

  /**
   * What {@code smartctl -a <device> -j} printed.
   *
   * @param json the parsed JSON, or null when the output held none
   * @param messages {@code smartctl.messages[].string}
   * @param errorMessages those of them with severity {@code error}
   * @param exitStatus {@code smartctl.exit_status}, if printed
   * @param drive the drive's basic facts, or null when the JSON does not identify a drive (no
   *     device name and no model: smartctl could not open or identify it)
   */
  public record DeviceOutput(
      ObjectNode json,
      List<String> messages,
      List<String> errorMessages,
      Integer exitStatus,
      SmartDrive drive) {
    public DeviceOutput {
      messages = List.copyOf(messages);
      errorMessages = List.copyOf(errorMessages);
    }
  }

  /** Reads {@code smartctl --scan -j} output. */
  public static ScanOutput parseScan(String text) {
    ObjectNode j = json(text);
    if (j == null) {
      return new ScanOutput(false, List.of(), List.of(), List.of(), null);
    }
    List<ScanDevice> devices = new ArrayList<>();
    for (JsonNode d : j.path("devices")) {
      try {
        String name = SmartDrive.text(d.path("name"));
        if (name != null) {
          devices.add(
              new ScanDevice(
                  name,
                  SmartDrive.text(d.path("info_name")),
                  SmartDrive.text(d.path("type")),
                  SmartDrive.text(d.path("protocol"))));
        }
      } catch (RuntimeException e) {
        // One odd entry must not cost the others.
      }
    }
    return new ScanOutput(true, devices, messages(j, false), messages(j, true), exitStatus(j));
  }

  /**
   * Reads one device's {@code smartctl -a -j} output; {@code queriedName} names it if the JSON does
   * not.
   */
  public static DeviceOutput parseDevice(String text, String queriedName) {
    ObjectNode j = json(text);
    if (j == null) {
      return new DeviceOutput(null, List.of(), List.of(), null, null);
    }
    SmartDrive drive = null;
    try {
      if (hasIdentity(j)) {
        drive = SmartDrive.from(j, queriedName);
      }
    } catch (RuntimeException e) {
      drive = null;
    }
    return new DeviceOutput(j, messages(j, false), messages(j, true), exitStatus(j), drive);
  }

  /**
   * Whether smartctl's complaint (its messages and stderr) says the drive sits behind a USB bridge
   * it cannot talk through — the original runner's indicators: {@code usb}, {@code unknown usb
   * bridge}, {@code please specify device type}, {@code usbjmicron}, {@code usbasm}.
   */
  public static boolean mentionsUsbBridge(List<String> texts) {
    if (texts == null) {
      return false;
    }
    for (String t : texts) {
      if (t == null) {
        continue;
      }
      String s = t.toLowerCase(Locale.ROOT);
      for (String ind : USB_INDICATORS) {
        if (s.contains(ind)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The first JSON object in {@code text}, or null. */
  static ObjectNode json(String text) {
    if (text == null) {
      return null;
    }
    // The first brace, else (a banner may hold one) each brace that starts a line, a few at most.
    int start = text.indexOf('{');
    for (int attempt = 0; start >= 0 && attempt < MAX_ATTEMPTS; attempt++) {
      try {
        JsonNode n = LENIENT.readTree(text.substring(start));
        if (n instanceof ObjectNode o) {
          return o;
        }
      } catch (Exception e) {
        // try the next candidate
      }
      int next = text.indexOf("\n{", start + 1);
      start = next < 0 ? -1 : next + 1;
    }
    return null;
  }

  private static boolean hasIdentity(JsonNode j) {
    return SmartDrive.text(j.path("device").path("name")) != null
        || SmartDrive.text(j.path("name")) != null
        || SmartDrive.text(j.path("model_name")) != null;
  }

  private static List<String> messages(JsonNode j, boolean errorsOnly) {
    List<String> out = new ArrayList<>();
    for (JsonNode m : j.path("smartctl").path("messages")) {
      String s = SmartDrive.text(m.path("string"));
      if (s == null) {
        continue;
      }
      if (!errorsOnly || "error".equalsIgnoreCase(m.path("severity").asText(""))) {
        out.add(s);
      }
    }
    return out;
  }

  private static Integer exitStatus(JsonNode j) {
    JsonNode e = j.path("smartctl").path("exit_status");
    return e.isIntegralNumber() && e.canConvertToInt() ? e.intValue() : null;
  }
}
