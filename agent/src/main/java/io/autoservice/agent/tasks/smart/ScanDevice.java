package io.autoservice.agent.tasks.smart;

import java.util.Locale;

/**
 * One entry of {@code smartctl --scan -j}'s {@code devices[]}.
 *
 * @param name the device name to pass to smartctl, e.g. {@code /dev/sda}, {@code /dev/nvme0}
 * @param infoName smartctl's description, e.g. {@code /dev/bus/0 [megaraid_disk_00]}; may be null
 * @param type the device type smartctl detected, e.g. {@code sat}, {@code nvme}, {@code
 *     megaraid,0}; may be null
 * @param protocol e.g. {@code ATA}, {@code NVMe}, {@code SCSI}; may be null
 */
public record ScanDevice(String name, String infoName, String type, String protocol) {

  /** Whether the scan says this is a USB device: its type, protocol or description mentions usb. */
  public boolean looksUsb() {
    return mentionsUsb(type)
        || mentionsUsb(protocol)
        || mentionsUsb(infoName != null ? infoName : name);
  }

  /** How the report names it: the description when it says more than the name. */
  public String label() {
    return infoName != null && !infoName.isBlank() ? infoName : name;
  }

  private static boolean mentionsUsb(String s) {
    return s != null && s.toLowerCase(Locale.ROOT).contains("usb");
  }
}
