/// How a render adapts to an aspect ratio it was not made for.
public enum ResolutionPolicy: String, Codable, CaseIterable, Sendable {
    case letterbox
    case cropCenter = "crop_center"
    case padReflect = "pad_reflect"
}

/// How much motion a render engine should attempt.
public enum MotionIntensity: String, Codable, CaseIterable, Sendable {
    case low, medium, high
}

/// What an engine does with the source frame rate.
public enum FPSStrategy: String, Codable, CaseIterable, Sendable {
    case preserve, resample, reduce
}

/// What an engine with a work queue (ComfyUI) should do with it before the attempt.
public enum QueueManagement: String, Codable, CaseIterable, Sendable {
    case normal = "NORMAL"
    case clearStaleItems = "CLEAR_STALE_ITEMS"
    case interruptActive = "INTERRUPT_ACTIVE"
}
