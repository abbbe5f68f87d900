"""Rendered objects for the quality suite: shaded balls on plain backgrounds, the kind of pile an
artist gathers from 3D renders or clip art (smooth shading, flat colours, no photo noise).

Domain A's balls have a red top; domain B's the same shapes with a purple top and two pink spots.
The background (any hue, reds and purples included) and the lower half are the same in both, so
the change is local to the objects: a global colour map cannot do it, and the answer for a
held-out scene is the same scene rendered with the other palette.
"""
import os

import numpy as np
from PIL import Image

PALETTES = {"a": dict(top=(0.82, 0.13, 0.12), spots=None),
            "b": dict(top=(0.45, 0.20, 0.66), spots=(0.93, 0.40, 0.70))}
WHITE, BLACK = (0.93, 0.93, 0.91), (0.08, 0.08, 0.09)


def _hsv(h, s, v):
    pixel = Image.new("HSV", (1, 1), (int(h * 255), int(s * 255), int(v * 255))).convert("RGB").getpixel((0, 0))
    return np.array(pixel) / 255.0


def scene(rng, size=256):
    """A random scene: a two-colour gradient background, a light direction and one or two balls."""
    light = np.array([rng.uniform(-0.7, 0.2), rng.uniform(-0.8, -0.2), 1.0])
    balls = []
    for _ in range(rng.integers(1, 3)):
        r = rng.uniform(0.16, 0.34) * size
        balls.append(dict(cx=rng.uniform(r * 0.6, size - r * 0.6), cy=rng.uniform(r * 0.6, size - r * 0.6), r=r,
                          tilt=rng.uniform(-0.5, 0.5), turn=rng.uniform(-0.5, 0.5)))
    return dict(size=size, light=light / np.linalg.norm(light), balls=sorted(balls, key=lambda b: b["r"]),
                bg=(_hsv(rng.random(), rng.uniform(0.1, 0.8), rng.uniform(0.35, 0.95)),
                    _hsv(rng.random(), rng.uniform(0.1, 0.8), rng.uniform(0.2, 0.8))))


def _ball_albedo(qx, qy, qz, palette):
    """Surface colour in the ball's own frame (q, unit sphere; +z faces the button)."""
    albedo = np.empty(qx.shape + (3,))
    albedo[:] = WHITE
    albedo[qy < 0] = palette["top"]
    if palette["spots"] is not None:
        for side in (-0.5, 0.5):
            c = np.array([side, -0.55, 0.67]) / np.linalg.norm([side, -0.55, 0.67])
            albedo[qx * c[0] + qy * c[1] + qz * c[2] > 0.965] = palette["spots"]
    albedo[np.abs(qy) < 0.09] = BLACK
    rho = np.hypot(qx, qy)
    albedo[(qz > 0) & (rho < 0.30)] = BLACK
    albedo[(qz > 0) & (rho < 0.22)] = WHITE
    return albedo


def render(sc, palette, supersample=2):
    """The scene with palette "a" or "b", as an RGB PIL image (supersampled for smooth edges)."""
    size, n = sc["size"], sc["size"] * supersample
    y, x = (np.mgrid[0:n, 0:n].astype(np.float64) + 0.5) / supersample
    t = (y / size)[..., None]
    img = sc["bg"][0] * (1 - t) + sc["bg"][1] * t
    half = sc["light"] + np.array([0.0, 0.0, 1.0])
    half /= np.linalg.norm(half)
    for b in sc["balls"]:
        dx, dy = (x - b["cx"]) / b["r"], (y - b["cy"]) / b["r"]
        shadow = np.exp(-(((x - b["cx"] - 0.2 * b["r"]) / (1.1 * b["r"])) ** 2 +
                          ((y - b["cy"] - 0.9 * b["r"]) / (0.35 * b["r"])) ** 2))
        img = img * (1 - 0.45 * shadow[..., None])
        d2 = dx * dx + dy * dy
        dz = np.sqrt(np.clip(1 - d2, 0, 1))
        # The ball's frame: tilted in the picture plane, then turned about its vertical axis.
        ct, st, cu, su = np.cos(b["tilt"]), np.sin(b["tilt"]), np.cos(b["turn"]), np.sin(b["turn"])
        px, py = ct * dx + st * dy, -st * dx + ct * dy
        albedo = _ball_albedo(cu * px - su * dz, py, su * px + cu * dz, PALETTES[palette])
        normal = np.stack([dx, dy, dz], -1)
        diffuse = np.clip(normal @ sc["light"], 0, 1)
        specular = np.clip(normal @ half, 0, 1) ** 60
        shaded = albedo * (0.22 + 0.78 * diffuse)[..., None] + 0.55 * specular[..., None]
        img = np.where((d2 < 1)[..., None], shaded, img)
    img = np.clip(img, 0, 1).reshape(size, supersample, size, supersample, 3).mean((1, 3))
    return Image.fromarray((img * 255 + 0.5).astype(np.uint8))


def build(out, per_side, test_count, seed=2026):
    """trainA, trainB (other scenes), test and test_gt (the same held-out scenes in each palette)."""
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(3)]
    for d in ("trainA", "trainB", "test", "test_gt"):
        os.makedirs(os.path.join(out, d))
    for i in range(per_side):
        render(scene(streams[0]), "a").save(os.path.join(out, "trainA", "ball%04d.png" % i))
        render(scene(streams[1]), "b").save(os.path.join(out, "trainB", "ball%04d.png" % i))
    for i in range(test_count):
        sc = scene(streams[2])
        render(sc, "a").save(os.path.join(out, "test", "scene%04d.png" % i))
        render(sc, "b").save(os.path.join(out, "test_gt", "scene%04d.png" % i))
