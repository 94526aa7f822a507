package io.autoservice.agent.tasks.smart;

import java.util.ArrayList;
import java.util.List;

/**
 * smartctl's exit code, which is a bit mask (smartctl(8), "RETURN VALUES"), told in words. A
 * non-zero code does not mean the output is useless: smartctl still prints its JSON, and bits 2–7
 * describe the drive rather than the run.
 */
public final class SmartctlExitStatus {
  /** Bit 0: the command line did not parse. */
  public static final int COMMAND_LINE = 1;

  /** Bit 1: the device could not be opened (or did not identify itself, or is asleep). */
  public static final int OPEN_FAILED = 1 << 1;

  /** Bit 2: a SMART or other command to the disk failed, or a SMART data checksum was wrong. */
  public static final int COMMAND_FAILED = 1 << 2;

  /** Bit 3: SMART status check returned "DISK FAILING". */
  public static final int DISK_FAILING = 1 << 3;

  /** Bit 4: prefail attributes are at or below their threshold now. */
  public static final int PREFAIL_NOW = 1 << 4;

  /** Bit 5: some attributes were at or below their threshold in the past. */
  public static final int PREFAIL_PAST = 1 << 5;

  /** Bit 6: the device error log contains records of errors. */
  public static final int ERROR_LOG = 1 << 6;

  /** Bit 7: the device self-test log contains records of errors. */
  public static final int SELF_TEST_LOG = 1 << 7;

  private static final String[] TEXT = {
    "bit 0: the command line did not parse",
    "bit 1: the device could not be opened (or did not identify itself, or is in a low-power mode)",
    "bit 2: a SMART or other command to the disk failed, or a SMART data checksum was wrong",
    "bit 3: SMART status check returned \"DISK FAILING\"",
    "bit 4: prefail attributes are at or below their threshold",
    "bit 5: some attributes were at or below their threshold in the past",
    "bit 6: the device error log contains records of errors",
    "bit 7: the device self-test log contains records of errors",
  };

  private SmartctlExitStatus() {}

  /**
   * One note per bit set in {@code code}, lowest bit first; empty for 0. A negative code (the
   * process was killed or never ran) or one above 255 gives a single note saying so.
   */
  public static List<String> notes(int code) {
    List<String> out = new ArrayList<>();
    if (code < 0 || code > 0xFF) {
      out.add("smartctl ended without a normal exit code (" + code + ")");
      return out;
    }
    for (int bit = 0; bit < TEXT.length; bit++) {
      if ((code & (1 << bit)) != 0) {
        out.add(TEXT[bit]);
      }
    }
    return out;
  }

  /** Whether every bit of {@code mask} is set in {@code code} (a negative code has none). */
  public static boolean has(int code, int mask) {
    return code >= 0 && (code & mask) == mask;
  }
}
