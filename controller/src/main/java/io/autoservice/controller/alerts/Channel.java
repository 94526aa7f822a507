package io.autoservice.controller.alerts;

import io.autoservice.controller.model.Alert;

/** Where notifications go: a webhook, email. */
interface Channel {
  /** The name deliveries are queued under ({@code webhook}, {@code email}). */
  String name();

  /**
   * Sends one notification; throws to have it tried again later.
   *
   * @param event {@code raised} or {@code resolved}
   */
  void send(Alert alert, String event) throws Exception;
}
