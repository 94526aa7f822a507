package io.autoservice.controller.backup;

import io.autoservice.controller.store.OwnerOnly;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a backup into a folder and checks it against its manifest: every entry listed, none more,
 * each with its size and SHA-256. A damaged or altered file is refused naming the entry; only known
 * names are written (no path leaves the folder).
 */
final class BackupReader {
  private static final Pattern TLS_FILE = Pattern.compile("tls/[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final long MAX_MANIFEST_BYTES = 1024 * 1024;

  private BackupReader() {}

  /** Unpacks {@code backup} into the empty folder {@code into}; returns its verified manifest. */
  static Manifest unpack(Path backup, Path into) throws BackupException {
    Map<String, Manifest.Entry> found = new LinkedHashMap<>();
    String manifestText = null;
    String current = null;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(backup));
        ZipInputStream zip = new ZipInputStream(raw)) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        current = e.getName();
        if (found.containsKey(current) || (manifestText != null && isManifest(current))) {
          throw new BackupException(backup + ": entry " + current + " appears twice");
        }
        if (isManifest(current)) {
          byte[] bytes = zip.readNBytes((int) MAX_MANIFEST_BYTES + 1);
          if (bytes.length > MAX_MANIFEST_BYTES) {
            throw new BackupException(backup + ": entry " + current + " is too large");
          }
          manifestText = new String(bytes, StandardCharsets.UTF_8);
        } else if (isKnown(current)) {
          found.put(current, extract(zip, current, into));
        } else {
          throw new BackupException(
              backup
                  + ": unexpected entry "
                  + current
                  + " (not a controller backup, or it was altered)");
        }
        current = null;
      }
    } catch (NoSuchFileException e) {
      throw new BackupException("no backup file " + backup, e);
    } catch (IOException e) {
      throw new BackupException(
          backup
              + (current == null ? "" : ": entry " + current)
              + ": damaged or truncated ("
              + BackupWriter.describe(e)
              + ")",
          e);
    }
    if (manifestText == null) {
      throw new BackupException(
          backup
              + ": no "
              + Manifest.NAME
              + " (not a controller backup, or truncated: the manifest is its last entry)");
    }
    Manifest manifest = Manifest.parse(manifestText);
    check(backup, manifest, found);
    return manifest;
  }

  private static void check(Path backup, Manifest manifest, Map<String, Manifest.Entry> found)
      throws BackupException {
    if (manifest.formatVersion() != Manifest.FORMAT_VERSION) {
      throw new BackupException(
          backup
              + ": backup format "
              + manifest.formatVersion()
              + " (this controller reads format "
              + Manifest.FORMAT_VERSION
              + "; restore it with the controller version that wrote it, "
              + manifest.controllerVersion()
              + ", or newer)");
    }
    for (Manifest.Entry listed : manifest.entries()) {
      Manifest.Entry actual = found.get(listed.name());
      if (actual == null) {
        throw new BackupException(
            backup + ": entry " + listed.name() + " is missing (the backup is truncated)");
      }
      if (actual.size() != listed.size() || !actual.sha256().equalsIgnoreCase(listed.sha256())) {
        throw new BackupException(
            backup
                + ": entry "
                + listed.name()
                + " does not match the manifest (SHA-256 "
                + actual.sha256()
                + ", expected "
                + listed.sha256()
                + "): the backup was damaged or altered");
      }
    }
    for (String name : found.keySet()) {
      if (manifest.entries().stream().noneMatch(l -> l.name().equals(name))) {
        throw new BackupException(
            backup + ": entry " + name + " is not in the manifest (the backup was altered)");
      }
    }
    if (!found.containsKey(BackupWriter.DATABASE_ENTRY)) {
      throw new BackupException(backup + ": no " + BackupWriter.DATABASE_ENTRY + " in the backup");
    }
  }

  private static Manifest.Entry extract(ZipInputStream zip, String name, Path into)
      throws IOException {
    Path target = into.resolve(name);
    // Owner-only from creation: the CA key must never be readable by others, even for a moment.
    OwnerOnly.directory(target.getParent());
    OwnerOnly.file(target);
    MessageDigest sha = Sha256.digest();
    long size;
    // Not closed: closing it would close the zip.
    DigestInputStream in = new DigestInputStream(zip, sha);
    try (OutputStream out = Files.newOutputStream(target)) {
      size = in.transferTo(out);
    }
    return new Manifest.Entry(name, size, HexFormat.of().formatHex(sha.digest()));
  }

  private static boolean isManifest(String name) {
    return name.equals(Manifest.NAME);
  }

  private static boolean isKnown(String name) {
    return name.equals(BackupWriter.DATABASE_ENTRY) || TLS_FILE.matcher(name).matches();
  }
}
