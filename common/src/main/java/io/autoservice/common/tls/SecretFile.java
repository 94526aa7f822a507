package io.autoservice.common.tls;

import io.autoservice.common.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;

/**
 * Writes a secret (a token or a private key) to a file only its owner can read: created {@code
 * rw-------} on POSIX file systems, so there is no moment it is readable by others; on Windows its
 * ACL is replaced by one entry for the owner. Written to a temporary file beside it and moved into
 * place, so a reader never sees half a token.
 */
public final class SecretFile {
  private SecretFile() {}

  public static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8), SecretFile::ownerOnly);
  }

  private static void ownerOnly(Path file) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return;
    }
    AclFileAttributeView acl = Files.getFileAttributeView(file, AclFileAttributeView.class);
    if (acl != null) {
      acl.setAcl(
          List.of(
              AclEntry.newBuilder()
                  .setType(AclEntryType.ALLOW)
                  .setPrincipal(Files.getOwner(file))
                  .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                  .build()));
    } else {
      var f = file.toFile();
      f.setReadable(false, false);
      f.setWritable(false, false);
      f.setReadable(true, true);
      f.setWritable(true, true);
    }
  }
}
