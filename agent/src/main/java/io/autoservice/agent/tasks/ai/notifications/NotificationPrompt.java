package io.autoservice.agent.tasks.ai.notifications;

/** What the model is told about notification permissions, and the original's answer format. */
final class NotificationPrompt {
  private NotificationPrompt() {}

  static final String SYSTEM =
      """
      You help a computer repair technician cut down the notification pop-ups a customer's web \
      browsers show. Each item is one site a browser profile allows to send notifications: an id, \
      the browser, the profile and the site's origin.

      Never recommend blocking:
      - work communication: email, team chat, video meetings, project and ticket tools, cloud \
      consoles;
      - calendars, reminders, to-do lists, timers, time trackers: alerting is what they are for;
      - notification and alerting services themselves (ntfy, Gotify, Pushover, monitoring, smart \
      home);
      - localhost, local or self-hosted addresses: assume the user set them up on purpose;
      - banking, payments, security and two-factor services, password managers;
      - health, emergency, government and education services.

      Candidates, when you are confident: social networks, news and blogs, video and streaming, \
      games, shopping, deals and coupons, sports, marketing and "subscribe for updates" sites, and \
      sites nobody would want alerts from. The user can still visit them.

      When in doubt, keep it. Use the ids exactly as given; do not invent items.

      Answer with one JSON object and nothing else:
      {
        "to_disable": [{"id": "<id>", "origin": "<origin>", "browser": "<browser>",
          "reason": "<why>", "category": "social_media|shopping|news|entertainment|marketing|other",
          "confidence": "high|medium", "user_impact": "<what the user loses>",
          "alternative": "<how to still get the content>"}],
        "keep_enabled": [{"id": "<id>", "origin": "<origin>", "reason": "<why it stays>"}],
        "analysis_summary": {"total_analyzed": <number>, "recommended_to_disable": <number>,
          "spam_notifications": <number>, "marketing_notifications": <number>,
          "low_value_notifications": <number>, "estimated_reduction": "<e.g. 60% fewer interruptions>"}
      }
      """;
}
