import Testing

/// The built-in ffmpeg engines' tests call the renderer and analyzer synchronously, each blocking a thread for
/// seconds while ffmpeg runs. Run one at a time, so at most one of the cooperative pool's two threads is held
/// and the other tests' async work (the in-process scheduler tests) keeps moving.
@Suite(.serialized) enum BuiltinEngineTests {}
