package io.autoservice.agent.tasks.drivecleanup;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.testing.Fixtures;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The reconstructed DriveCleanup outputs in fixtures/tool-outputs/drivecleanup/ (no real capture
 * exists).
 */
class DriveCleanupOutputParserTest {

  private static DriveCleanupOutput parse(String fixture, int maxItems) {
    return DriveCleanupOutputParser.parse(Fixtures.lines("drivecleanup", fixture), maxItems);
  }

  @Test
  void shouldReadVersionTotalsAndEveryKindOfItem() {
    DriveCleanupOutput out = parse("synthetic-cleanup-all.txt", 200);

    assertThat(out.version()).isEqualTo("1.6.5");
    assertThat(out.arch()).isEqualTo("x64");
    assertThat(out.counts())
        .containsExactly(
            java.util.Map.entry("usb_devices_removed", 2L),
            java.util.Map.entry("usb_hubs_removed", 0L),
            java.util.Map.entry("disk_devices_removed", 2L),
            java.util.Map.entry("cdrom_devices_removed", 1L),
            java.util.Map.entry("floppy_devices_removed", 0L),
            java.util.Map.entry("storage_volumes_removed", 1L),
            java.util.Map.entry("wpd_devices_removed", 1L),
            java.util.Map.entry("registry_items_removed", 3L));
    assertThat(out.itemsTotal()).isEqualTo(10);
    assertThat(out.items())
        .extracting(DriveCleanupOutput.Item::category)
        .containsExactly(
            "usb_device",
            "usb_device",
            "disk_device",
            "disk_device",
            "cdrom_device",
            "volume",
            "wpd_device",
            "registry",
            "registry",
            "registry");
    assertThat(out.items().get(0).id()).isEqualTo("USB\\VID_0781&PID_5567\\4C530001230720117393");
    assertThat(out.items().get(8).id())
        .isEqualTo(
            "HKLM\\SYSTEM\\MountedDevices\\\\??\\Volume{6a3f1c2e-0b5d-11ef-9a7b-806e6f6e6963}");
    assertThat(out.devicesRemoved()).isEqualTo(7);
    assertThat(out.registryItemsRemoved()).isEqualTo(3);
    assertThat(out.usage()).isFalse();
  }

  @Test
  void shouldReadSingularTotalsInTestMode() {
    DriveCleanupOutput out = parse("synthetic-test-only.txt", 200);

    assertThat(out.counts().get("usb_devices_removed")).isEqualTo(1L);
    assertThat(out.counts().get("storage_volumes_removed")).isEqualTo(1L);
    assertThat(out.counts().get("registry_items_removed")).isEqualTo(1L);
    assertThat(out.itemsTotal()).isEqualTo(4);
  }

  @Test
  void shouldReadZeroTotalsWhenThereIsNothingToClean() {
    DriveCleanupOutput out = parse("synthetic-nothing-to-clean.txt", 200);

    assertThat(out.noCounts()).isFalse();
    assertThat(out.devicesRemoved()).isZero();
    assertThat(out.itemsTotal()).isZero();
  }

  @Test
  void shouldRecogniseTheUsageText() {
    DriveCleanupOutput out = parse("synthetic-usage.txt", 200);

    assertThat(out.usage()).isTrue();
    assertThat(out.noCounts()).isTrue();
    assertThat(out.version()).isEqualTo("1.6.5");
  }

  @Test
  void shouldFindNoTotalsInAnAdminError() {
    DriveCleanupOutput out = parse("synthetic-no-admin.txt", 200);

    assertThat(out.noCounts()).isTrue();
    assertThat(out.usage()).isFalse();
  }

  @Test
  void shouldKeepOnlyTheFirstItemsButCountThemAll() {
    DriveCleanupOutput out = parse("synthetic-many-items.txt", 5);

    assertThat(out.items()).hasSize(5);
    assertThat(out.itemsTotal()).isEqualTo(12);
    assertThat(out.counts().get("usb_hubs_removed")).isEqualTo(1L);
  }

  @Test
  void shouldNeverThrow() {
    assertThat(DriveCleanupOutputParser.parse(null, 10).noCounts()).isTrue();
    DriveCleanupOutput out =
        DriveCleanupOutputParser.parse(
            Arrays.asList(
                null,
                "Removed 99999999999999999999 USB devices",
                "removing volume '",
                "x".repeat(100_000)),
            10);
    assertThat(out.noCounts()).isTrue();
    assertThat(out.itemsTotal()).isZero();
    assertThat(DriveCleanupOutputParser.item("Regkey delete HKLM\\X"))
        .isEqualTo(new DriveCleanupOutput.Item("registry", "HKLM\\X"));
    assertThat(DriveCleanupOutputParser.item(null)).isNull();
  }

  @Test
  void shouldReadTotalsGroupedAsTheDisplayLanguageWritesThem() {
    DriveCleanupOutput out =
        DriveCleanupOutputParser.parse(
            Arrays.asList(
                "Removed 1,234 USB devices",
                "Removed 3 Disk devices",
                "Removed 12\u00A0345 Items from registry"),
            10);
    assertThat(out.counts().get("usb_devices_removed")).isEqualTo(1_234L);
    assertThat(out.counts().get("disk_devices_removed")).isEqualTo(3L);
    assertThat(out.registryItemsRemoved()).isEqualTo(12_345L);
  }
}
