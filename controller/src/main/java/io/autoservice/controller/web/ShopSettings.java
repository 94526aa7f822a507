package io.autoservice.controller.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The shop as its customers see it on a printed report: {@code "shop": {"name": "…", "contact":
 * "…", "logo_file": "logo.png"}} in the controller's settings.
 *
 * @param name shown at the top of customer reports (at most 100 characters)
 * @param contact address, phone, web site (at most 500 characters, lines kept)
 * @param logoFile a PNG, JPEG, WebP or SVG file of at most 1 MiB, or null
 */
public record ShopSettings(String name, String contact, @JsonProperty("logo_file") Path logoFile) {
  public static final ShopSettings NONE = new ShopSettings(null, null, null);
  static final long MAX_LOGO_BYTES = 1024 * 1024;

  public ShopSettings {
    name = name == null || name.isBlank() ? "Computer service" : name.strip();
    contact = contact == null ? "" : contact.strip();
    if (name.length() > 100) {
      throw new IllegalArgumentException("shop.name: at most 100 characters, got " + name.length());
    }
    if (contact.length() > 500) {
      throw new IllegalArgumentException(
          "shop.contact: at most 500 characters, got " + contact.length());
    }
    if (logoFile != null && logoType(logoFile) == null) {
      throw new IllegalArgumentException(
          "shop.logo_file: expected a .png, .jpg, .jpeg, .webp or .svg file, got " + logoFile);
    }
  }

  /** The media type of a logo file by its extension, or null for one not served. */
  static String logoType(Path file) {
    String n = file.getFileName() == null ? "" : file.getFileName().toString();
    n = n.toLowerCase(Locale.ROOT);
    if (n.endsWith(".png")) {
      return "image/png";
    }
    if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
      return "image/jpeg";
    }
    if (n.endsWith(".webp")) {
      return "image/webp";
    }
    if (n.endsWith(".svg")) {
      return "image/svg+xml";
    }
    return null;
  }
}
