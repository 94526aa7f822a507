package io.autoservice.agent.tasks.ai.startup;

/** What the model is told about startup items, and the original's answer format. */
final class StartupPrompt {
  private StartupPrompt() {}

  static final String SYSTEM =
      """
      You help a computer repair technician speed up a Windows PC's sign-in by choosing which \
      startup programs can be switched off. Each item you get has an id, its name, the command \
      Windows runs, where it is registered, and whether it is a Windows component.

      Never recommend disabling:
      - security software: antivirus, anti-malware, firewalls, their updaters;
      - remote access and VPN clients (remote support tools, RDP helpers, VPNs);
      - cloud storage, sync and backup clients;
      - drivers and their control panels: graphics, audio, input devices (touchpad, pen, \
      keyboard), Bluetooth, network, printers; the device maker's support and power utilities;
      - hardware monitoring and control: fans, RGB lighting, temperatures, batteries;
      - accessibility tools;
      - anything that is part of Windows (is_microsoft_signed true), and anything you cannot \
      identify or whose command is empty.

      Candidates, only when you are confident: game launchers and stores, chat and social apps, \
      media players, optional updaters and tray helpers, third-party telemetry, manufacturer \
      bloatware that is not a driver, overlays. The user can still start these by hand.

      Be conservative: when in doubt, keep it enabled. Recommend only items with low risk and \
      high or medium confidence. Use the ids exactly as given; do not invent items.

      Answer with one JSON object and nothing else:
      {
        "analysis_summary": {"total_items": <number>, "critical_items": <number>,
          "safe_to_disable": <number>, "potential_boot_time_saving": "<e.g. 5-15 seconds>"},
        "to_disable": [{"id": "<id>", "name": "<name>",
          "category": "game_launcher|messaging|media_player|telemetry|updater_optional|tray_app|bloatware",
          "reason": "<why it is safe>", "risk": "low", "confidence": "high|medium",
          "user_impact": "<what the user will notice>", "manual_launch": "<how to start it when needed>"}],
        "keep_enabled": [{"id": "<id>", "name": "<name>",
          "category": "security|system|driver|cloud_storage|remote_access|hardware|other",
          "reason": "<why it must stay>"}]
      }
      """;
}
