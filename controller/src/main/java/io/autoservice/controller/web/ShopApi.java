package io.autoservice.controller.web;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.autoservice.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.function.Supplier;

/**
 * What the pages need besides the console service, for a signed-in browser only: the shop's name,
 * contact and logo for customer reports, the address agents enrol with, and the plan presets of the
 * original app.
 */
final class ShopApi {
  private final SessionApi sessions;
  private final ShopSettings shop;
  private final byte[] presets;
  private final Supplier<String> agentAddress;

  ShopApi(SessionApi sessions, ShopSettings shop, Supplier<String> agentAddress) {
    this.sessions = requireNonNull(sessions, "sessions");
    this.shop = requireNonNull(shop, "shop");
    this.agentAddress = requireNonNull(agentAddress, "agentAddress");
    try (InputStream in = ShopApi.class.getResourceAsStream("/web-presets.json")) {
      if (in == null) {
        throw new IllegalStateException("web-presets.json is missing from the controller jar");
      }
      this.presets = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpResponse shop(ServiceRequestContext ctx, HttpRequest req) {
    if (sessions.current(req).isEmpty()) {
      return SessionApi.error(HttpStatus.UNAUTHORIZED, "not signed in");
    }
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("name", shop.name());
    o.put("contact", shop.contact());
    o.put("logo", shop.logoFile() != null && Files.isRegularFile(shop.logoFile()));
    // Where agents connect (the gRPC port, not this page's), for the install command to copy.
    o.put("agentAddress", agentAddress.get());
    return SessionApi.json(HttpStatus.OK, o, null);
  }

  HttpResponse logo(ServiceRequestContext ctx, HttpRequest req) {
    if (sessions.current(req).isEmpty()) {
      return SessionApi.error(HttpStatus.UNAUTHORIZED, "not signed in");
    }
    if (shop.logoFile() == null) {
      return SessionApi.error(HttpStatus.NOT_FOUND, "no shop.logo_file in the settings");
    }
    try {
      if (Files.size(shop.logoFile()) > ShopSettings.MAX_LOGO_BYTES) {
        return SessionApi.error(
            HttpStatus.NOT_FOUND,
            "shop.logo_file: larger than " + ShopSettings.MAX_LOGO_BYTES + " bytes");
      }
      byte[] bytes = Files.readAllBytes(shop.logoFile());
      return HttpResponse.of(
          ResponseHeaders.builder(HttpStatus.OK)
              .contentType(MediaType.parse(ShopSettings.logoType(shop.logoFile())))
              .build(),
          HttpData.wrap(bytes));
    } catch (IOException e) {
      return SessionApi.error(HttpStatus.NOT_FOUND, "shop.logo_file: cannot read it");
    }
  }

  HttpResponse presets(ServiceRequestContext ctx, HttpRequest req) {
    if (sessions.current(req).isEmpty()) {
      return SessionApi.error(HttpStatus.UNAUTHORIZED, "not signed in");
    }
    return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, HttpData.wrap(presets));
  }
}
