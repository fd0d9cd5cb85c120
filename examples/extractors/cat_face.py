#!/usr/bin/env python3
"""An external extractor (SPEC §13.4): a cat-face detector, measuring what the built-in analyzer cannot.

It samples at most `max_frames` frames of the clip (from the attempt's {params}: a retry the pose audit sends with
half the frames reads the halved value), runs OpenCV's bundled frontal cat-face Haar cascades on each (the plain and
the extended one, at two scales), and writes a production_metrics.v1 file whose `visual_metrics.feline_detected`
is what the supervisor's pose audit reads (SPEC §5.2):
  present               a cat face was found on at least 10 % of the sampled frames
  pose_detection_ratio  the share of sampled frames with a cat face
  confidence            the share of detector runs (2 cascades × 2 scales) that fired, over the frames with a face
and the same as scores for gates (`feline_present` 1/0, `feline_coverage`).

Needs opencv-python-headless 4.x (5.0 dropped the cascade API); its cascades ship with it, nothing is downloaded.

Usage: cat_face.py --video CLIP --metrics OUT.json --params PARAMS.json --job-id J --attempt-id A [--stage S]
Exit 0 with the metrics written; 2 when the clip cannot be read (nothing written).
"""
import argparse
import datetime
import json
import math
import os
import sys
import tempfile

import cv2

CASCADES = ("haarcascade_frontalcatface.xml", "haarcascade_frontalcatface_extended.xml")
SCALES = (1.0, 0.8)
WORKING_WIDTH = 640
PRESENT_SHARE = 0.10


def sampled_frames(path, max_frames):
    capture = cv2.VideoCapture(path)
    if not capture.isOpened():
        raise OSError(f"{path}: cannot open the clip")
    total = int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) or 0
    step = max(1, math.ceil(total / max_frames)) if total else 1
    index = 0
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        if index % step == 0:
            yield frame
        index += 1
    capture.release()


def measure(path, max_frames):
    detectors = [cv2.CascadeClassifier(os.path.join(cv2.data.haarcascades, name)) for name in CASCADES]
    if any(detector.empty() for detector in detectors):
        raise OSError(f"OpenCV {cv2.__version__} lacks the cat-face cascades (install opencv-python-headless 4.x)")
    frames = with_face = 0
    fired_runs = 0
    for frame in sampled_frames(path, max_frames):
        if frames >= max_frames:
            break
        frames += 1
        gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        if gray.shape[1] > WORKING_WIDTH:
            gray = cv2.resize(gray, (WORKING_WIDTH, round(gray.shape[0] * WORKING_WIDTH / gray.shape[1])), interpolation=cv2.INTER_AREA)
        fired = 0
        for scale in SCALES:
            scaled = gray if scale == 1.0 else cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
            for detector in detectors:
                if len(detector.detectMultiScale(scaled, scaleFactor=1.05, minNeighbors=3, minSize=(24, 24))):
                    fired += 1
        if fired:
            with_face += 1
            fired_runs += fired
    if frames == 0:
        raise OSError(f"{path}: no frame decodes")
    ratio = with_face / frames
    confidence = fired_runs / (with_face * len(SCALES) * len(detectors)) if with_face else 0.0
    return frames, ratio, confidence


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--video", required=True)
    parser.add_argument("--metrics", required=True)
    parser.add_argument("--params")
    parser.add_argument("--job-id", required=True)
    parser.add_argument("--attempt-id", required=True)
    parser.add_argument("--stage")
    options = parser.parse_args()
    params = {}
    if options.params and os.path.exists(options.params):
        with open(options.params) as handle:
            params = json.load(handle)
    max_frames = max(1, int(params.get("max_frames", 64)))
    try:
        frames, ratio, confidence = measure(options.video, max_frames)
    except OSError as error:
        print(f"cat_face: {error}", file=sys.stderr)
        return 2
    present = ratio >= PRESENT_SHARE
    document = {
        "version": "1.0", "job_id": options.job_id, "attempt_id": options.attempt_id,
        "ts": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z",
        "visual_metrics": {"feline_detected": {"present": present, "confidence": round(confidence, 4),
                                               "pose_detection_ratio": round(ratio, 4), "pose_fallback_active": False}},
        "quality_metrics": {"feline_present": 1 if present else 0, "feline_coverage": round(ratio, 4)},
        # What the extractor says of itself: kept by Gaffer under engine_metrics.engine_reported.
        "engine_metrics": {"engine_reported": {"extractor": "cat_face", "sampled_frames": frames, "max_frames": max_frames,
                                               "opencv": cv2.__version__}},
    }
    if options.stage:
        document["stage"] = options.stage
    folder = os.path.dirname(os.path.abspath(options.metrics))
    handle, temporary = tempfile.mkstemp(prefix=".cat_face.", dir=folder)
    with os.fdopen(handle, "w") as out:
        json.dump(document, out, indent=2, sort_keys=True)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, options.metrics)
    print(f"cat_face: {frames} frames sampled (max {max_frames}), cat face on {ratio:.0%}, present {present}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
