import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Build step of the agent image (agent/pom.xml, run as a source file by the build JDK): zips a
 * folder under its own name, keeping each file's Unix permissions (the launcher and the runtime's
 * programs stay executable; Ant's and the assembly plugin's zips need them spelled out per file)
 * and its modification time, which the JDK's zip file system also writes as a UTC extended
 * timestamp (unzip restores it to the second, whatever the time zone).
 *
 * <p>Usage: {@code java ImageZip.java FOLDER ZIP}
 */
public final class ImageZip {
  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args[0]).toAbsolutePath().normalize();
    Path zip = Path.of(args[1]).toAbsolutePath().normalize();
    Files.deleteIfExists(zip);
    URI uri = URI.create("jar:" + zip.toUri());
    Map<String, Object> env = Map.of("create", "true", "enablePosixFileAttributes", "true");
    try (FileSystem fs = FileSystems.newFileSystem(uri, env);
        Stream<Path> walk = Files.walk(folder)) {
      Path root = fs.getPath("/").resolve(folder.getFileName().toString());
      for (Path src : (Iterable<Path>) walk.sorted()::iterator) {
        Path dst = root.resolve(folder.relativize(src).toString());
        PosixFileAttributes attrs = Files.readAttributes(src, PosixFileAttributes.class);
        if (attrs.isDirectory()) {
          Files.createDirectories(dst);
        } else {
          Files.copy(src, dst);
        }
        Files.setPosixFilePermissions(dst, attrs.permissions());
        Files.setLastModifiedTime(dst, attrs.lastModifiedTime());
      }
    }
    System.out.println("ImageZip: " + zip + " (" + Files.size(zip) + " bytes)");
  }

  private ImageZip() {}
}
