package io.autoservice.agent.tasks.smart;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.tasks.smart.SmartctlOutputParser.DeviceOutput;
import io.autoservice.agent.tasks.smart.SmartctlOutputParser.ScanOutput;
import io.autoservice.agent.testing.Fixtures;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SmartctlOutputParserTest {

  private static String text(String file) {
    return String.join("\n", Fixtures.lines("smartctl", file));
  }

  private static DeviceOutput device(String file, String queried) {
    return SmartctlOutputParser.parseDevice(text(file), queried);
  }

  private static SmartDrive drive(String file) {
    DeviceOutput d = device(file, "/dev/queried");
    assertThat(d.drive()).as(file).isNotNull();
    return d.drive();
  }

  // ---- one test per recorded file ---------------------------------------------------------

  @Test
  void shouldReadWdHddOverSat() {
    SmartDrive d = drive("ata-sat-wdc-wd140edfz-linux-a-j.json");
    assertThat(d.name()).isEqualTo("/dev/sdb");
    assertThat(d.modelName()).isEqualTo("WDC WD140EDFZ-11A0VA0");
    assertThat(d.serialNumber()).isEqualTo("9RK1XXXX");
    assertThat(d.firmwareVersion()).isEqualTo("81.00A81");
    assertThat(d.healthPassed()).isTrue();
    assertThat(d.powerOnHours()).isEqualTo(1730);
    assertThat(d.powerCycles()).isEqualTo(9);
    assertThat(d.temperature()).isEqualTo("32 °C");
    assertThat(d.errorLogEntries()).as("ATA SMART error log count").isZero();
    assertThat(d.lastSelfTestResult()).isEqualTo("Completed without error");
    // NVMe-only facts stay unknown for an ATA drive
    assertThat(d.wearLevelPercentUsed()).isNull();
    assertThat(d.unsafeShutdowns()).isNull();
    assertThat(d.mediaErrors()).isNull();
    assertThat(d.dataWrittenBytes()).isNull();
    assertThat(device("ata-sat-wdc-wd140edfz-linux-a-j.json", "x").exitStatus()).isZero();
  }

  @Test
  void shouldReadSamsung860EvoExtendedLogs() {
    SmartDrive d = drive("ata-sat-samsung860evo-linux-x-j.json");
    assertThat(d.name()).isEqualTo("/dev/sda");
    assertThat(d.modelName()).isEqualTo("Samsung SSD 860 EVO 500GB");
    assertThat(d.serialNumber()).isEqualTo("S3YZNB0KB00864E");
    assertThat(d.firmwareVersion()).isEqualTo("RVT02B6Q");
    assertThat(d.healthPassed()).isTrue();
    assertThat(d.powerOnHours()).isEqualTo(14551);
    assertThat(d.powerCycles()).isEqualTo(13);
    assertThat(d.temperature()).isEqualTo("36 °C");
    assertThat(d.errorLogEntries()).isZero();
    assertThat(d.lastSelfTestResult())
        .as("extended self-test log, newest first")
        .isEqualTo("Completed without error");
  }

  @Test
  void shouldReadSamsung840WithEmptySelfTestLog() {
    SmartDrive d = drive("ata-sat-samsung840-linux-x-j.json");
    assertThat(d.modelName()).isEqualTo("Samsung SSD 840 Series");
    assertThat(d.serialNumber()).isEqualTo("S14LNEACC02756X");
    assertThat(d.firmwareVersion()).isEqualTo("DXT06B0Q");
    assertThat(d.healthPassed()).isTrue();
    assertThat(d.powerOnHours()).isEqualTo(19497);
    assertThat(d.powerCycles()).isEqualTo(4169);
    assertThat(d.temperature()).isEqualTo("33 °C");
    assertThat(d.lastSelfTestResult()).isNull();
  }

  @Test
  void shouldReadWindowsAtaCapture() {
    SmartDrive d = drive("ata-windows-win7-ssd850pro-all-j.json");
    assertThat(d.name()).isEqualTo("/dev/sda");
    assertThat(d.modelName()).isEqualTo("X SSD 850 PRO 128GB");
    assertThat(d.serialNumber()).isEqualTo("S24ZN902000L");
    assertThat(d.firmwareVersion()).isEqualTo("EB6Q");
    assertThat(d.powerOnHours()).isEqualTo(846);
    assertThat(d.powerCycles()).isEqualTo(168);
    assertThat(d.temperature()).isEqualTo("32 °C");
    assertThat(d.lastSelfTestResult()).isNull();
    assertThat(d.reallocatedSectors()).isZero();
    assertThat(d.pendingSectors()).as("not in this drive's table").isNull();
  }

  @Test
  void shouldReadMegaraidDiskWithWarningMessageAndExit4() {
    DeviceOutput out = device("ata-megaraid0-wd4000fyyx-exit4.json", "/dev/bus/0");
    assertThat(out.exitStatus()).isEqualTo(4);
    assertThat(out.messages())
        .containsExactly("Warning: This result is based on an Attribute check.");
    assertThat(out.errorMessages()).as("severity warning is not an error").isEmpty();
    SmartDrive d = out.drive();
    assertThat(d.name()).isEqualTo("/dev/sda");
    assertThat(d.modelName()).isEqualTo("WD4000FYYX");
    assertThat(d.firmwareVersion()).isEqualTo("00.0D1K4");
    assertThat(d.healthPassed()).isTrue();
    assertThat(d.powerOnHours()).isEqualTo(37787);
    assertThat(d.powerCycles()).isEqualTo(70);
    assertThat(d.temperature()).isEqualTo("36 °C");
    assertThat(d.lastSelfTestResult()).isEqualTo("Completed without error");
  }

  @Test
  void shouldReadNvmeHealthLog() {
    SmartDrive d = drive("nvme-force-mp510-unraid-a-j.json");
    assertThat(d.name()).isEqualTo("/dev/nvme0");
    assertThat(d.modelName()).isEqualTo("Force MP510");
    assertThat(d.serialNumber()).isEqualTo("yes"); // anonymised by the source project
    assertThat(d.firmwareVersion()).isEqualTo("ECFM12.3");
    assertThat(d.healthPassed()).isTrue();
    assertThat(d.wearLevelPercentUsed()).isEqualTo(1);
    assertThat(d.powerOnHours()).isEqualTo(6487);
    assertThat(d.powerCycles()).isEqualTo(4);
    assertThat(d.unsafeShutdowns()).isEqualTo(4);
    assertThat(d.mediaErrors()).isZero();
    assertThat(d.errorLogEntries()).isEqualTo(8382);
    assertThat(d.dataWrittenBytes()).isEqualTo(16_093_122L * 512_000);
    assertThat(d.dataWrittenHuman()).isEqualTo("8.2 TB");
    assertThat(d.dataReadBytes()).isEqualTo(6_932_144L * 512_000);
    assertThat(d.dataReadHuman()).isEqualTo("3.5 TB");
    assertThat(d.temperature()).isEqualTo("38 °C");
    assertThat(d.lastSelfTestResult()).isNull();
  }

  @Test
  void shouldReportWindowsOpenFailureWithoutADrive() {
    DeviceOutput out = device("windows-open-failed-error5-exit2.json", "/dev/sda");
    assertThat(out.json()).isNotNull();
    assertThat(out.drive()).as("no device section: nothing identifies a drive").isNull();
    assertThat(out.exitStatus()).isEqualTo(2);
    assertThat(out.errorMessages())
        .containsExactly(
            "Smartctl open device: /dev/sda failed: \\\\.\\PhysicalDrive0: Open failed, Error=5");
  }

  @Test
  void shouldReadIntelRaidVolumeWithoutSmartStatus() {
    DeviceOutput out = device("windows-w10-intel-raid1-scsi-exit4.json", "/dev/sdb");
    assertThat(out.exitStatus()).isEqualTo(4);
    SmartDrive d = out.drive();
    assertThat(d.name()).isEqualTo("/dev/sdb");
    assertThat(d.modelName()).isEqualTo("Intel Raid 1 Volume");
    assertThat(d.serialNumber()).isEqualTo("Volume1");
    assertThat(d.firmwareVersion()).as("SCSI revision").isEqualTo("1.0.");
    assertThat(d.healthPassed()).isNull();
    assertThat(d.healthText()).isEqualTo("UNKNOWN");
    assertThat(d.temperature()).as("a current of 0 means unknown").isNull();
    assertThat(d.powerOnHours()).isNull();
  }

  @Test
  void shouldReadScanOfSevenScsiDevices() {
    ScanOutput s = SmartctlOutputParser.parseScan(text("scan-j-linux-7-scsi.json"));
    assertThat(s.jsonFound()).isTrue();
    assertThat(s.exitStatus()).isZero();
    assertThat(s.devices())
        .extracting(ScanDevice::name)
        .containsExactly(
            "/dev/sda", "/dev/sdb", "/dev/sdc", "/dev/sdd", "/dev/sde", "/dev/sdf", "/dev/sdg");
    assertThat(s.devices())
        .allSatisfy(
            d -> {
              assertThat(d.type()).isEqualTo("scsi");
              assertThat(d.protocol()).isEqualTo("SCSI");
              assertThat(d.looksUsb()).isFalse();
            });
  }

  @Test
  void shouldReadNvmeScan() {
    ScanOutput s = SmartctlOutputParser.parseScan(text("scan-j-unraid-nvme.json"));
    assertThat(s.devices())
        .containsExactly(new ScanDevice("/dev/nvme0", "/dev/nvme0", "nvme", "NVMe"));
  }

  @Test
  void shouldReadMegaraidScanWithSharedName() {
    ScanOutput s = SmartctlOutputParser.parseScan(text("scan-j-megaraid.json"));
    assertThat(s.devices())
        .extracting(ScanDevice::name)
        .containsExactly("/dev/bus/0", "/dev/bus/0");
    assertThat(s.devices())
        .extracting(ScanDevice::type)
        .containsExactly("megaraid,0", "megaraid,1");
    assertThat(s.devices().get(1).label()).isEqualTo("/dev/bus/0 [megaraid_disk_01]");
  }

  @Test
  void shouldReadScanWithoutDevicesKey() {
    ScanOutput s =
        SmartctlOutputParser.parseScan(
            text("local-linux-smartctl7.3-scan-j-no-devices-container.json"));
    assertThat(s.jsonFound()).isTrue();
    assertThat(s.devices()).isEmpty();
    assertThat(s.errorMessages()).isEmpty();
    assertThat(s.exitStatus()).isZero();
  }

  @Test
  void shouldReadLocalNoSuchDevice() {
    DeviceOutput out =
        device("local-linux-smartctl7.3-a-j-sda-no-such-device-exit2.json", "/dev/sda");
    assertThat(out.drive()).isNull();
    assertThat(out.exitStatus()).isEqualTo(2);
    assertThat(out.errorMessages())
        .containsExactly("Smartctl open device: /dev/sda failed: No such device");
  }

  // ---- reconstructed files ------------------------------------------------------------------

  @Test
  void shouldReadFailedNvme() {
    DeviceOutput out = device("synthetic-nvme-health-failed-exit8.json", "/dev/nvme0");
    assertThat(out.exitStatus()).isEqualTo(8);
    SmartDrive d = out.drive();
    assertThat(d.healthPassed()).isFalse();
    assertThat(d.wearLevelPercentUsed()).isEqualTo(98);
    assertThat(d.mediaErrors()).isEqualTo(12);
    assertThat(d.temperature()).isEqualTo("52–61 °C");
    assertThat(d.lastSelfTestResult()).isEqualTo("Completed: failed segments");
    assertThat(d.dataWrittenHuman()).isEqualTo("156.8 TB");
    assertThat(d.dataReadHuman()).isEqualTo("234.6 TB");
  }

  @Test
  void shouldReadFailingAtaDrive() {
    DeviceOutput out =
        device("synthetic-ata-health-failed-prefail-selftest-exit152.json", "/dev/sda");
    assertThat(out.exitStatus()).isEqualTo(152);
    assertThat(out.drive().healthPassed()).isFalse();
    assertThat(out.drive().lastSelfTestResult()).isEqualTo("Completed: read failure");
    assertThat(out.drive().reallocatedSectors()).as("attribute 5, raw").isEqualTo(2712);
    assertThat(out.drive().pendingSectors()).as("attribute 197, raw").isEqualTo(88);
    assertThat(out.drive().toJson().path("reallocated_sectors").asLong()).isEqualTo(2712);
  }

  @Test
  void shouldRecogniseUnknownUsbBridge() {
    DeviceOutput out = device("synthetic-usb-bridge-unknown-exit1.json", "/dev/sdc");
    assertThat(out.drive()).isNull();
    assertThat(out.exitStatus()).isEqualTo(1);
    assertThat(SmartctlOutputParser.mentionsUsbBridge(out.messages())).isTrue();
    assertThat(
            SmartctlOutputParser.mentionsUsbBridge(
                device("windows-open-failed-error5-exit2.json", "x").messages()))
        .isFalse();
  }

  @Test
  void shouldSkipUsbEntriesOfTheScan() {
    ScanOutput s = SmartctlOutputParser.parseScan(text("synthetic-scan-j-nvme-sata-usb.json"));
    assertThat(s.devices())
        .extracting(ScanDevice::looksUsb)
        .containsExactly(false, false, true, false);
  }

  @Test
  void shouldFindNoJsonInSmartctl6UsageError() {
    ScanOutput s =
        SmartctlOutputParser.parseScan(text("synthetic-scan-smartctl6-no-json-support.txt"));
    assertThat(s.jsonFound()).isFalse();
    assertThat(s.devices()).isEmpty();
  }

  // ---- robustness ---------------------------------------------------------------------------

  @Test
  void shouldParseEveryRecordedFileWithoutThrowing() throws Exception {
    try (Stream<java.nio.file.Path> files = Files.list(Fixtures.toolOutput("smartctl", ""))) {
      for (java.nio.file.Path f : files.filter(p -> !p.toString().endsWith(".md")).toList()) {
        String t = Files.readString(f);
        SmartctlOutputParser.parseScan(t);
        SmartctlOutputParser.parseDevice(t, "/dev/x");
        // cut anywhere: still no exception
        for (int cut : List.of(0, 1, t.length() / 3, t.length() / 2, t.length() - 2)) {
          SmartctlOutputParser.parseDevice(t.substring(0, Math.max(0, cut)), "/dev/x");
          SmartctlOutputParser.parseScan(t.substring(0, Math.max(0, cut)));
        }
      }
    }
  }

  @Test
  void shouldSkipBannerAndIgnoreTrailingTextAndDuplicateKeys() {
    String t =
        "smartctl 7.3 banner {not json\n{\"device\":{\"name\":\"/dev/sda\"},\"model_name\":\"A\",\"model_name\":\"B\"}\ntrailing";
    // the banner's brace makes the first attempt fail; the brace that starts a line is tried next
    assertThat(SmartctlOutputParser.parseDevice(t, "x").drive().modelName()).isEqualTo("B");
    String ok =
        "warning line\n{\"device\":{\"name\":\"/dev/sda\"},\"model_name\":\"A\",\"model_name\":\"B\"}\ntrailing";
    assertThat(SmartctlOutputParser.parseDevice(ok, "x").drive().modelName()).isEqualTo("B");
  }

  @Test
  void shouldNeverThrowOnJunk() {
    Random r = new Random(42);
    for (int i = 0; i < 500; i++) {
      byte[] b = new byte[r.nextInt(200)];
      r.nextBytes(b);
      String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
      SmartctlOutputParser.parseScan(s);
      SmartctlOutputParser.parseDevice(s, null);
      SmartctlOutputParser.parseDevice("{" + s, null);
    }
    assertThat(SmartctlOutputParser.parseScan(null).jsonFound()).isFalse();
    assertThat(SmartctlOutputParser.parseDevice("[1,2]", "x").json()).isNull();
    assertThat(
            SmartctlOutputParser.parseDevice("{\"devices\": 5, \"smart_status\": []}", "x").drive())
        .isNull();
    assertThat(SmartctlOutputParser.mentionsUsbBridge(null)).isFalse();
  }
}
