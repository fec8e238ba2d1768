"""PyTorch CPU reference for `pnpm bench:train`: the same U-Net training step as @maskflow/model.

Conv 3x3 'same' -> BatchNorm -> ReLU twice per block, MaxPool 2x2, ConvTranspose 2x2 stride 2 ->
concat(skip, up) -> BatchNorm -> ReLU -> conv block, 1x1 sigmoid head; Adam (lr 1e-3, Keras eps
1e-7), BCE (clipped to [1e-7, 1 - 1e-7]) + Dice (smooth 1) over the batch. Channels-last memory
format by default, as Maskflow's NHWC (--memory-format contiguous: PyTorch's NCHW). One fixed random batch, `--warmup` untimed steps, median of `--steps`.
A config ending in -mobilenet_v2 is the trainer's CPU preset network instead: MobileNetV2's inverted
residual blocks to stride 16 (depth 4) or 32 (depth 5) as the encoder, plus a conv block at full
resolution, and the same decoder (@maskflow/model's buildMobileNetV2UNet, random weights).

Usage: python3 torchUnetStep.py --configs 128x16x5x4,64x8x5x8,160x8x4x4x64-mobilenet_v2 --threads 2 --steps 5
       python3 torchUnetStep.py --device cuda --configs 256x32x5x8 --steps 10   (a GPU: float32, TF32 off unless --tf32)
Prints one JSON line: {"torch": version, "threads": n, "results": [{size, baseFilters, depth, batch, maxFilters, encoder, msPerStep, imagesPerSecond}]}.
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn


def conv_bn_relu(cin, cout):
    """Conv 3x3 'same' -> BatchNorm (Keras momentum 0.99, eps 1e-3) -> ReLU."""
    return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01), nn.ReLU(inplace=True)]


class Decoder(nn.Module):
    """ConvTranspose 2x2 stride 2 -> concat(skip, up) -> BN -> ReLU -> conv block; the skip has `skip`
    channels (default `cout`, the tutorial U-Net's; the MobileNetV2 encoder's blocks have their own widths)."""

    def __init__(self, cin, cout, skip=None):
        super().__init__()
        skip = cout if skip is None else skip
        self.up = nn.ConvTranspose2d(cin, cout, 2, stride=2)
        self.post = nn.Sequential(nn.BatchNorm2d(skip + cout, eps=1e-3, momentum=0.01), nn.ReLU(inplace=True),
                                  *conv_bn_relu(skip + cout, cout), *conv_bn_relu(cout, cout))

    def forward(self, x, skip):
        return self.post(torch.cat([skip, self.up(x)], dim=1))


class UNet(nn.Module):
    """@maskflow/model's buildUNet: `depth` encoder levels of base * 2^i filters, centre base * 2^depth,
    each at most `cap` when cap > 0 (buildUNet's maxFilters)."""

    def __init__(self, base, depth, cap=0, channels=3):
        super().__init__()
        width = lambda level: min(cap, base * 2 ** level) if cap > 0 else base * 2 ** level
        filters = [width(i) for i in range(depth)]
        self.encoders = nn.ModuleList()
        cin = channels
        for f in filters:
            self.encoders.append(nn.Sequential(*conv_bn_relu(cin, f), *conv_bn_relu(f, f)))
            cin = f
        self.pool = nn.MaxPool2d(2)
        centre = width(depth)
        self.centre = nn.Sequential(*conv_bn_relu(cin, centre), *conv_bn_relu(centre, centre))
        self.decoders = nn.ModuleList()
        cin = centre
        for f in reversed(filters):
            self.decoders.append(Decoder(cin, f))
            cin = f
        self.head = nn.Conv2d(cin, 1, 1)

    def forward(self, x):
        skips = []
        for enc in self.encoders:
            x = enc(x)
            skips.append(x)
            x = self.pool(x)
        x = self.centre(x)
        for dec, skip in zip(self.decoders, reversed(skips)):
            x = dec(x, skip)
        return torch.sigmoid(self.head(x))


# Keras' MobileNetV2 blocks 0-16: expansion, output channels, stride; stages end at blocks 0, 2, 5, 12, 16.
MOBILENET_V2_BLOCKS = [(1, 16, 1), (6, 24, 2), (6, 24, 1), (6, 32, 2), (6, 32, 1), (6, 32, 1),
                       (6, 64, 2), (6, 64, 1), (6, 64, 1), (6, 64, 1), (6, 96, 1), (6, 96, 1), (6, 96, 1),
                       (6, 160, 2), (6, 160, 1), (6, 160, 1), (6, 320, 1)]
MOBILENET_V2_STAGE_ENDS = [0, 2, 5, 12, 16]


class InvertedResidual(nn.Module):
    """1x1 expand -> BN -> ReLU (unless expansion 1), 3x3 depthwise -> BN -> ReLU, 1x1 project -> BN,
    plus the input when the shape is kept. Plain ReLU, no bias, BN eps 1e-3, as @maskflow/model's."""

    def __init__(self, cin, expand, cout, stride):
        super().__init__()
        hidden = cin * expand
        layers = [] if expand == 1 else [nn.Conv2d(cin, hidden, 1, bias=False), nn.BatchNorm2d(hidden, eps=1e-3), nn.ReLU(inplace=True)]
        layers += [nn.Conv2d(hidden, hidden, 3, stride=stride, padding=1, groups=hidden, bias=False), nn.BatchNorm2d(hidden, eps=1e-3), nn.ReLU(inplace=True),
                   nn.Conv2d(hidden, cout, 1, bias=False), nn.BatchNorm2d(cout, eps=1e-3)]
        self.body = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        return x + self.body(x) if self.residual else self.body(x)


class MobileNetV2UNet(nn.Module):
    """@maskflow/model's buildMobileNetV2UNet: pixels scaled to [-1, 1], a 3x3 stride-2 stem of 32 filters
    and MobileNetV2's blocks to stride 2^depth (skips at strides 2 to 2^(depth-1)), a conv block at full
    resolution, then the U-Net decoder with `base * 2^level` filters (at most `cap`) from the deepest up."""

    def __init__(self, base, depth, cap=0, channels=3):
        super().__init__()
        width = lambda level: min(cap, base * 2 ** level) if cap > 0 else base * 2 ** level
        self.stem = nn.Sequential(nn.Conv2d(channels, 32, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(32, eps=1e-3), nn.ReLU(inplace=True))
        self.blocks = nn.ModuleList()
        cin = 32
        for expand, cout, stride in MOBILENET_V2_BLOCKS[:MOBILENET_V2_STAGE_ENDS[depth - 1] + 1]:
            self.blocks.append(InvertedResidual(cin, expand, cout, stride))
            cin = cout
        self.skip_after = set(MOBILENET_V2_STAGE_ENDS[:depth - 1])
        self.encoder1 = nn.Sequential(*conv_bn_relu(channels, width(0)), *conv_bn_relu(width(0), width(0)))
        skip_channels = [width(0)] + [MOBILENET_V2_BLOCKS[i][1] for i in MOBILENET_V2_STAGE_ENDS[:depth - 1]]
        self.decoders = nn.ModuleList()
        for level in reversed(range(depth)):
            self.decoders.append(Decoder(cin, width(level), skip_channels[level]))
            cin = width(level)
        self.head = nn.Conv2d(cin, 1, 1)

    def forward(self, image):
        x = self.stem(image * 2 - 1)
        skips = [self.encoder1(image)]
        for i, block in enumerate(self.blocks):
            x = block(x)
            if i in self.skip_after:
                skips.append(x)
        for dec, skip in zip(self.decoders, reversed(skips)):
            x = dec(x, skip)
        return torch.sigmoid(self.head(x))


def parse_config(text):
    """SIZExBASExDEPTHxBATCH[xCAP][-mobilenet_v2] as benchmarks/train/unetConfig.ts reads it."""
    encoder = "mobilenet_v2" if text.endswith("-mobilenet_v2") else "unet"
    size, base, depth, batch, *cap = (int(v) for v in text.removesuffix("-mobilenet_v2").split("x"))
    return size, base, depth, batch, cap[0] if cap else 0, encoder


def bce_dice(y, p):
    """Keras binary_crossentropy (clipped) + (1 - Dice over the flattened batch, smooth 1)."""
    pc = p.clamp(1e-7, 1 - 1e-7)
    bce = -(y * pc.log() + (1 - y) * (1 - pc).log()).mean()
    dice = (2 * (y * p).sum() + 1) / (y.sum() + p.sum() + 1)
    return bce + 1 - dice


def measure(size, base, depth, batch, cap, encoder, steps, warmup, memory_format, device):
    torch.manual_seed(1)
    fmt = {"channels_last": torch.channels_last, "contiguous": torch.contiguous_format}[memory_format]
    net = MobileNetV2UNet(base, depth, cap) if encoder == "mobilenet_v2" else UNet(base, depth, cap)
    model = net.to(device=device, memory_format=fmt)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    x = torch.rand(batch, 3, size, size).contiguous(memory_format=fmt).to(device)
    y = (torch.rand(batch, 1, size, size) > 0.5).float().contiguous(memory_format=fmt).to(device)
    times, cpu_times = [], []
    for i in range(warmup + steps):
        t0, c0 = time.perf_counter(), time.process_time()
        opt.zero_grad(set_to_none=True)
        loss = bce_dice(y, model(x))
        loss.backward()
        opt.step()
        if device != "cpu":
            # Kernels run asynchronously: wait for this step's before reading the clock.
            torch.cuda.synchronize()
        if i >= warmup:
            times.append((time.perf_counter() - t0) * 1000)
            cpu_times.append((time.process_time() - c0) * 1000)
    ms = statistics.median(times)
    # CPU time of all the process's threads: less inflated by other processes' load than wall time,
    # but it includes OpenMP's spin-waiting between parallel regions.
    return {"size": size, "baseFilters": base, "depth": depth, "batch": batch, "maxFilters": cap, "encoder": encoder, "steps": steps,
            "msPerStep": ms, "cpuMsPerStep": statistics.median(cpu_times), "imagesPerSecond": batch * 1000 / ms}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--configs", default="128x16x5x4,64x8x5x8",
                    help="SIZExBASExDEPTHxBATCH[xCAP][-mobilenet_v2],... (CAP: at most that many filters a level; -mobilenet_v2: the CPU preset's encoder)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--memory-format", choices=["channels_last", "contiguous"], default="channels_last",
                    help="channels_last is Maskflow's NHWC; contiguous is PyTorch's default NCHW")
    ap.add_argument("--device", default="cpu", help="cpu, or cuda (the first GPU) to compare with maskflow-webgpu")
    ap.add_argument("--tf32", action="store_true",
                    help="on cuda, let cuDNN and matmuls use TF32 (PyTorch's default for convolutions); off: float32 like WebGPU")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    extra = {}
    if a.device != "cpu":
        torch.backends.cudnn.allow_tf32 = a.tf32
        torch.backends.cuda.matmul.allow_tf32 = a.tf32
        torch.backends.cudnn.benchmark = True
        extra = {"device": torch.cuda.get_device_name(0), "tf32": a.tf32, "cudnn": torch.backends.cudnn.version()}
    results = []
    for text in a.configs.split(","):
        results.append(measure(*parse_config(text), a.steps, a.warmup, a.memory_format, a.device))
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "memoryFormat": a.memory_format, **extra, "results": results}))


if __name__ == "__main__":
    main()
