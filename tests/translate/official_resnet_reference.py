#!/usr/bin/python3
"""Reference output of the official CycleGAN ResnetGenerator, for test_official_equivalence.

Rebuilds ResnetGenerator as networks.py of junyanz/pytorch-CycleGAN-and-pix2pix defines it
(reflect padding, InstanceNorm2d(affine=False), no dropout, ConvTranspose2d upsampling, Tanh) so
that its state_dict keys are the official ones, initialises it like the official fixtures
(init_weights('normal', 0.02), then biases redrawn N(0, 0.1) so that a dropped bias shows),
saves the state_dict exactly as the official code does (torch.save of the OrderedDict; legacy
container like the published pretrained models), and runs it in eval() mode under no_grad on an
8-bit PNG: output = (net(x * 2 - 1) + 1) / 2, written as raw little-endian float32 H x W x 3.

usage: official_resnet_reference.py OUT.pth IN.png OUT.raw NGF N_BLOCKS SEED
Needs Debian's python3-torch, numpy and PIL (/usr/bin/python3).
"""
import sys

import numpy as np
import torch
from PIL import Image
from torch import nn


def resnet_block(dim):
    return nn.Sequential(
        nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3, bias=True), nn.InstanceNorm2d(dim), nn.ReLU(True),
        nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3, bias=True), nn.InstanceNorm2d(dim))


class ResnetBlock(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.conv_block = resnet_block(dim)

    def forward(self, x):
        return x + self.conv_block(x)


class ResnetGenerator(nn.Module):
    def __init__(self, ngf, n_blocks):
        super().__init__()
        layers = [nn.ReflectionPad2d(3), nn.Conv2d(3, ngf, 7, bias=True), nn.InstanceNorm2d(ngf), nn.ReLU(True)]
        for i in range(2):
            m = 2 ** i
            layers += [nn.Conv2d(ngf * m, ngf * m * 2, 3, stride=2, padding=1, bias=True),
                       nn.InstanceNorm2d(ngf * m * 2), nn.ReLU(True)]
        layers += [ResnetBlock(ngf * 4) for _ in range(n_blocks)]
        for i in range(2):
            m = 2 ** (2 - i)
            layers += [nn.ConvTranspose2d(ngf * m, ngf * m // 2, 3, stride=2, padding=1, output_padding=1,
                                          bias=True),
                       nn.InstanceNorm2d(ngf * m // 2), nn.ReLU(True)]
        layers += [nn.ReflectionPad2d(3), nn.Conv2d(ngf, 3, 7), nn.Tanh()]
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        return self.model(x)


def main():
    pth, png, raw, ngf, n_blocks, seed = sys.argv[1:7]
    torch.manual_seed(int(seed))
    net = ResnetGenerator(int(ngf), int(n_blocks))
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
                m.weight.normal_(0.0, 0.02)
                m.bias.normal_(0.0, 0.1)
    torch.save(net.state_dict(), pth, _use_new_zipfile_serialization=False)
    rgb = np.asarray(Image.open(png).convert("RGB"), dtype=np.float32) / 255.0
    x = torch.from_numpy(rgb).permute(2, 0, 1).unsqueeze(0) * 2 - 1
    net.eval()
    with torch.no_grad():
        y = (net(x)[0].permute(1, 2, 0) + 1) / 2
    y.contiguous().numpy().astype("<f4").tofile(raw)


if __name__ == "__main__":
    main()
