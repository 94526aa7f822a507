package io.autoservice.agent.tasks.disk;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Lists the machine's local volumes through the JDK's file-store API. Windows: every drive root
 * that answers (an empty card reader throws and is passed over). Elsewhere: every mounted file
 * system except pseudo, in-memory and network ones, each device once.
 */
interface VolumeSource {
  List<VolumeUsage> volumes() throws IOException;

  /** File-system types that hold no user data or are not on this machine. */
  Set<String> NOT_LOCAL =
      Set.of(
          "proc",
          "sysfs",
          "devtmpfs",
          "devpts",
          "tmpfs",
          "cgroup",
          "cgroup2",
          "securityfs",
          "pstore",
          "debugfs",
          "tracefs",
          "configfs",
          "fusectl",
          "mqueue",
          "hugetlbfs",
          "bpf",
          "autofs",
          "binfmt_misc",
          "rpc_pipefs",
          "nsfs",
          "efivarfs",
          "squashfs",
          "ramfs",
          "nfs",
          "nfs4",
          "cifs",
          "smbfs",
          "smb3",
          "sshfs",
          "fuse.sshfs",
          "9p",
          "overlay.ro",
          "iso9660",
          "udf",
          "selinuxfs",
          "none");

  static VolumeSource system(boolean windows) {
    return windows ? VolumeSource::windowsDrives : VolumeSource::mountedFileSystems;
  }

  private static List<VolumeUsage> windowsDrives() {
    List<VolumeUsage> out = new ArrayList<>();
    for (Path root : FileSystems.getDefault().getRootDirectories()) {
      try {
        FileStore fs = Files.getFileStore(root);
        if (fs.getTotalSpace() > 0) {
          out.add(
              new VolumeUsage(root.toString(), fs.type(), fs.getTotalSpace(), fs.getUsableSpace()));
        }
      } catch (IOException e) {
        // A drive with no medium, or one we may not read: the original skipped these too.
      }
    }
    return out;
  }

  private static List<VolumeUsage> mountedFileSystems() throws IOException {
    List<VolumeUsage> out = new ArrayList<>();
    Set<String> seenDevices = new HashSet<>();
    for (FileStore fs : FileSystems.getDefault().getFileStores()) {
      String type = fs.type().toLowerCase(Locale.ROOT);
      if (NOT_LOCAL.contains(type) || type.startsWith("fuse.") && !type.equals("fuse.ntfs-3g")) {
        continue;
      }
      try {
        long total = fs.getTotalSpace();
        if (total <= 0 || !seenDevices.add(fs.name() + "#" + total)) {
          continue;
        }
        out.add(new VolumeUsage(mountPoint(fs), fs.type(), total, fs.getUsableSpace()));
      } catch (IOException e) {
        // An unreadable mount (permissions, stale) does not hide the others.
      }
    }
    return out;
  }

  /** The JDK's Unix file store prints itself as "mount point (device)". */
  private static String mountPoint(FileStore fs) {
    String s = fs.toString();
    int cut = s.lastIndexOf(" (");
    return cut > 0 ? s.substring(0, cut) : s;
  }
}
