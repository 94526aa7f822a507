package io.autoservice.agent.tools;

import java.util.List;

/**
 * A program a task runs.
 *
 * @param key the suffix of its environment variable {@code AUTOSERVICE_TOOL_<key>}, e.g. {@code
 *     PING}
 * @param displayName how messages name it
 * @param executableNames file names to look for, Windows names first
 * @param portableFolders folder-name prefixes in the portable layout ({@code data/programs/<Name -
 *     version>/…}), e.g. {@code iPerf3}
 */
public record Tool(
    String key, String displayName, List<String> executableNames, List<String> portableFolders) {
  public Tool {
    executableNames = List.copyOf(executableNames);
    portableFolders = List.copyOf(portableFolders);
  }

  private static Tool of(String key, String display, List<String> exes, String... folders) {
    return new Tool(key, display, exes, List.of(folders));
  }

  public static final Tool SFC = of("SFC", "sfc", List.of("sfc.exe", "SFC.EXE", "sfc"));
  public static final Tool DISM =
      of("DISM", "dism", List.of("Dism.exe", "dism.exe", "DISM.EXE", "dism"));
  public static final Tool CHKDSK =
      of("CHKDSK", "chkdsk", List.of("chkdsk.exe", "CHKDSK.EXE", "chkdsk"));
  public static final Tool SMARTCTL =
      of(
          "SMARTCTL",
          "smartctl",
          List.of("smartctl.exe", "smartctl"),
          "GSmartControl",
          "smartmontools",
          "smartctl");
  public static final Tool BLEACHBIT =
      of("BLEACHBIT", "BleachBit", List.of("bleachbit_console.exe", "bleachbit"), "BleachBit");
  public static final Tool PING = of("PING", "ping", List.of("PING.EXE", "ping.exe", "ping"));
  public static final Tool IPERF3 =
      of("IPERF3", "iperf3", List.of("iperf3.exe", "iperf3"), "iPerf3", "iperf3", "iperf");
  public static final Tool WINSAT =
      of("WINSAT", "winsat", List.of("WinSAT.exe", "winsat.exe", "winsat"));
  public static final Tool POWERSHELL =
      of("POWERSHELL", "PowerShell", List.of("powershell.exe", "pwsh.exe", "pwsh", "powershell"));
  public static final Tool ADWCLEANER =
      of(
          "ADWCLEANER",
          "AdwCleaner",
          List.of("adwcleaner.exe", "AdwCleaner.exe", "adwcleaner"),
          "AdwCleaner");
  public static final Tool KVRT =
      of("KVRT", "KVRT", List.of("KVRT.exe", "kvrt.exe", "kvrt"), "KVRT");
  public static final Tool STINGER =
      of(
          "STINGER",
          "Trellix Stinger",
          List.of("stinger64.exe", "stinger.exe", "stinger"),
          "Trellix Stinger",
          "Stinger");
  public static final Tool HEAVYLOAD =
      of(
          "HEAVYLOAD",
          "HeavyLoad",
          List.of("HeavyLoad.exe", "heavyload.exe", "heavyload"),
          "HeavyLoad");
  public static final Tool FURMARK =
      of(
          "FURMARK",
          "FurMark",
          List.of("furmark.exe", "FurMark.exe", "furmark"),
          "FurMark2",
          "FurMark");
  public static final Tool WHYNOTWIN11 =
      of(
          "WHYNOTWIN11",
          "WhyNotWin11",
          List.of("WhyNotWin11Portable.exe", "WhyNotWin11.exe", "whynotwin11"),
          "WhyNotWin11");
  public static final Tool DRIVECLEANUP =
      of(
          "DRIVECLEANUP",
          "DriveCleanup",
          List.of("DriveCleanup.exe", "drivecleanup.exe", "drivecleanup"),
          "DriveCleanup");

  /** Every tool a task of this agent may run. */
  public static final List<Tool> ALL =
      List.of(
          SFC,
          DISM,
          CHKDSK,
          SMARTCTL,
          BLEACHBIT,
          PING,
          IPERF3,
          WINSAT,
          POWERSHELL,
          ADWCLEANER,
          KVRT,
          STINGER,
          HEAVYLOAD,
          FURMARK,
          WHYNOTWIN11,
          DRIVECLEANUP);

  /** The environment variable that points at this tool. */
  public String envVar() {
    return "AUTOSERVICE_TOOL_" + key;
  }
}
