"""The yardstick of issue 4, measured on the spot: PyTorch on this CPU, the same BVLC GoogLeNet
weights (../shared/models), forward to inception_4c/output and the gradient of mean(a^2) with
respect to a 512x512 image, as the peer tools dream. npm run bench runs it when torch imports.

python3 bench/pytorch-yardstick.py [weights dir] [side] [repeats]  ->  one JSON line.
With SERVE=1 it prints "ready", then runs one step per line read from stdin and prints its ms,
so the bench can take PyTorch's and ONNX Runtime's steps in turns (bench/paired-steps.ts).
"""
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

WEIGHTS = sys.argv[1] if len(sys.argv) > 1 else '../shared/models/bvlc_googlenet/weights'
SIDE = int(sys.argv[2]) if len(sys.argv) > 2 else 512
REPEATS = int(sys.argv[3]) if len(sys.argv) > 3 else 10
torch.set_num_threads(int(os.environ.get('THREADS', os.cpu_count() or 1)))


def conv(name, kernel):
    """Weights are stored (out, kh, kw, in); torch wants (out, in, kh, kw)."""
    bias = torch.from_numpy(np.fromfile(f'{WEIGHTS}/{name}_bias.bin', dtype='<f4'))
    flat = np.fromfile(f'{WEIGHTS}/{name}_filter.bin', dtype='<f4')
    out = bias.numel()
    weight = torch.from_numpy(flat.reshape(out, kernel, kernel, -1)).permute(0, 3, 1, 2).contiguous()
    return weight, bias


def conv_relu(x, name, stride=1, pad=0):
    w, b = LAYERS[name]
    return F.relu(F.conv2d(x, w, b, stride=stride, padding=pad))


def caffe_max_pool(x, stride):
    return F.max_pool2d(x, 3, stride, padding=1 if stride == 1 else 0, ceil_mode=True)


def lrn(x):
    return F.local_response_norm(x, 5, alpha=1e-4, beta=0.75, k=1.0)


def inception(x, name):
    a = conv_relu(x, f'{name}/1x1')
    b = conv_relu(conv_relu(x, f'{name}/3x3_reduce'), f'{name}/3x3', pad=1)
    c = conv_relu(conv_relu(x, f'{name}/5x5_reduce'), f'{name}/5x5', pad=2)
    d = conv_relu(caffe_max_pool(x, 1), f'{name}/pool_proj')
    return torch.cat([a, b, c, d], 1)


MODULES = ['inception_3a', 'inception_3b', 'inception_4a', 'inception_4b', 'inception_4c']
LAYERS = {'conv1/7x7_s2': conv('conv1/7x7_s2', 7), 'conv2/3x3_reduce': conv('conv2/3x3_reduce', 1), 'conv2/3x3': conv('conv2/3x3', 3)}
for module in MODULES:
    for branch, kernel in [('1x1', 1), ('3x3_reduce', 1), ('3x3', 3), ('5x5_reduce', 1), ('5x5', 5), ('pool_proj', 1)]:
        LAYERS[f'{module}/{branch}'] = conv(f'{module}/{branch}', kernel)


def inception_4c(image):
    x = conv_relu(image, 'conv1/7x7_s2', stride=2, pad=3)
    x = lrn(caffe_max_pool(x, 2))
    x = conv_relu(conv_relu(x, 'conv2/3x3_reduce'), 'conv2/3x3', pad=1)
    x = caffe_max_pool(lrn(x), 2)
    x = inception(inception(x, 'inception_3a'), 'inception_3b')
    x = caffe_max_pool(x, 2)
    for module in MODULES[2:]:
        x = inception(x, module)
    return x


def step(image):
    image = image.detach().requires_grad_(True)
    loss = inception_4c(image).pow(2).mean()
    (gradient,) = torch.autograd.grad(loss, image)
    return gradient


def forward(image):
    with torch.no_grad():
        return inception_4c(image)


def median_ms(fn, image):
    fn(image)
    fn(image)
    times = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        fn(image)
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), min(times)


# Caffe's input: BGR, 0-255 minus the mean.
image = torch.rand(1, 3, SIDE, SIDE) * 255 - 117
if os.environ.get('SERVE') == '1':
    step(image)
    print('ready', flush=True)
    for _ in sys.stdin:
        began = time.perf_counter()
        step(image)
        print(round((time.perf_counter() - began) * 1000, 1), flush=True)
    sys.exit(0)
forward_ms, forward_min = median_ms(forward, image)
step_ms, step_min = median_ms(step, image)
print(json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads(), 'side': SIDE,
                  'forward_ms': round(forward_ms, 1), 'forward_min_ms': round(forward_min, 1),
                  'step_ms': round(step_ms, 1), 'step_min_ms': round(step_min, 1)}))
