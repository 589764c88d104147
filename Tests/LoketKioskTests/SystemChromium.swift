import Testing

/// The tests that use the machine's one Chromium run one at a time: its managed-policy
/// folder is shared, and a policy that forbids developer tools (ChromiumPolicyTests
/// installs one) stops Selenium's chromedriver (AccessibilityTests).
@Suite(.serialized) enum SystemChromium {}
