// The pickle opcodes that torch.save (protocol 2, and 3-5 for good measure) writes for a
// state_dict. Reference: CPython Lib/pickletools.py (opcode table), torch/serialization.py.
#include "models/pickle_machine.h"

#include <cstring>

namespace cyclegan::pickle {

namespace {

// A real state_dict pickle nests a few levels; anything deeper is a corrupt or hostile file.
constexpr size_t kMaxStack = 1 << 20;
constexpr int64_t kMaxDims = 16;
// Each object costs a few hundred bytes whatever its size in the file (a one-byte opcode makes
// one), so their count is bounded: a state_dict makes ~15 per tensor, the largest official
// network has a few hundred tensors.
constexpr size_t kMaxValues = 1 << 18;

struct Reader {
  const std::string& data;
  size_t& pos;
  void need(size_t n) const {
    if (n > data.size() || pos > data.size() - n) throw Truncated();
  }
  uint8_t byte() {
    need(1);
    return static_cast<uint8_t>(data[pos++]);
  }
  uint64_t le(size_t n) {
    need(n);
    uint64_t v = 0;
    for (size_t k = 0; k < n; ++k) v |= uint64_t(static_cast<uint8_t>(data[pos + k])) << (8 * k);
    pos += n;
    return v;
  }
  std::string bytes(uint64_t n) {
    if (n > data.size()) throw Truncated();
    need(static_cast<size_t>(n));
    std::string s = data.substr(pos, static_cast<size_t>(n));
    pos += static_cast<size_t>(n);
    return s;
  }
  std::string line() {
    const size_t end = data.find('\n', pos);
    if (end == std::string::npos) throw Truncated();
    std::string s = data.substr(pos, end - pos);
    pos = end + 1;
    return s;
  }
};

bool storage_dtype(const std::string& name, torch::ScalarType& dtype) {
  static const std::pair<const char*, torch::ScalarType> kStorages[] = {
      {"FloatStorage", torch::kFloat},   {"DoubleStorage", torch::kDouble},
      {"HalfStorage", torch::kHalf},     {"BFloat16Storage", torch::kBFloat16},
      {"LongStorage", torch::kLong},     {"IntStorage", torch::kInt},
      {"ShortStorage", torch::kShort},   {"CharStorage", torch::kChar},
      {"ByteStorage", torch::kByte},     {"BoolStorage", torch::kBool},
  };
  for (const auto& [storage, type] : kStorages) {
    if (name == storage) {
      dtype = type;
      return true;
    }
  }
  return false;
}

int64_t as_int(const Value* v, const char* what) {
  if (v->kind != Kind::Int) throw Malformed(std::string(what) + " is not an integer");
  return v->i;
}

std::vector<int64_t> int_tuple(const Value* v, const char* what) {
  if (v->kind != Kind::Tuple || static_cast<int64_t>(v->items.size()) > kMaxDims) {
    throw Malformed(std::string(what) + " is not a tuple of integers");
  }
  std::vector<int64_t> out;
  for (const Value* item : v->items) out.push_back(as_int(item, what));
  return out;
}

}  // namespace

size_t element_size(torch::ScalarType dtype) { return c10::elementSize(dtype); }

Value* Machine::make(Kind kind) {
  if (arena_.size() >= kMaxValues) throw Malformed("too many objects for a state_dict");
  arena_.emplace_back();
  arena_.back().kind = kind;
  return &arena_.back();
}

Value* Machine::persistent(Value* pid) {
  // ('storage', StorageType, key, location, numel[, view_metadata None]).
  if (pid->kind != Kind::Tuple || pid->items.size() < 5 || pid->items.size() > 6 ||
      pid->items[0]->kind != Kind::Str || pid->items[0]->s != "storage" ||
      pid->items[1]->kind != Kind::Global || pid->items[1]->global != Global::StorageType ||
      pid->items[2]->kind != Kind::Str || pid->items[3]->kind != Kind::Str) {
    throw Malformed("persistent id is not a storage reference");
  }
  if (pid->items.size() == 6 && pid->items[5]->kind != Kind::None) {
    throw Unsupported("storage view");
  }
  Value* v = make(Kind::Storage);
  v->storage.key = pid->items[2]->s;
  v->storage.dtype = pid->items[1]->dtype;
  v->storage.numel = as_int(pid->items[4], "storage size");
  if (v->storage.numel < 0) throw Malformed("negative storage size");
  return v;
}

Value* Machine::reduce(Value* callable, Value* args) {
  if (callable->kind != Kind::Global || args->kind != Kind::Tuple) {
    throw Malformed("REDUCE of something that is not a known global");
  }
  switch (callable->global) {
    case Global::OrderedDict:
      if (!args->items.empty()) throw Malformed("OrderedDict with arguments");
      return make(Kind::Dict);
    case Global::RebuildTensorV2: {
      // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
      if (args->items.size() < 6 || args->items.size() > 7 ||
          args->items[0]->kind != Kind::Storage) {
        throw Malformed("bad _rebuild_tensor_v2 arguments");
      }
      Value* t = make(Kind::Tensor);
      t->tensor.storage = args->items[0]->storage;
      t->tensor.offset = as_int(args->items[1], "storage offset");
      t->tensor.sizes = int_tuple(args->items[2], "tensor size");
      t->tensor.strides = int_tuple(args->items[3], "tensor stride");
      if (t->tensor.sizes.size() != t->tensor.strides.size()) {
        throw Malformed("tensor size and stride differ in length");
      }
      return t;
    }
    case Global::RebuildParameter:
      // (data, requires_grad, backward_hooks): a Parameter is its tensor for us.
      if (args->items.size() != 3 || args->items[0]->kind != Kind::Tensor) {
        throw Malformed("bad _rebuild_parameter arguments");
      }
      return args->items[0];
    case Global::StorageType: break;
  }
  throw Malformed("REDUCE of a storage type");
}

Value* Machine::run(const std::string& data, size_t& pos) {
  Reader in{data, pos};
  std::vector<Value*> stack;
  std::vector<size_t> marks;
  std::unordered_map<uint64_t, Value*> memo;
  auto pop = [&]() {
    if (stack.empty() || (!marks.empty() && stack.size() <= marks.back())) {
      throw Malformed("stack underflow");
    }
    Value* v = stack.back();
    stack.pop_back();
    return v;
  };
  auto push = [&](Value* v) {
    if (stack.size() >= kMaxStack) throw Malformed("stack too deep");
    stack.push_back(v);
  };
  auto pop_mark = [&]() {  // the items above the last MARK, which is removed
    if (marks.empty()) throw Malformed("no MARK");
    std::vector<Value*> items(stack.begin() + static_cast<std::ptrdiff_t>(marks.back()), stack.end());
    stack.resize(marks.back());
    marks.pop_back();
    return items;
  };
  auto top_container = [&](Kind kind) {
    if (stack.empty() || stack.back()->kind != kind) throw Malformed("not a container");
    return stack.back();
  };
  auto set_items = [&](Value* dict, const std::vector<Value*>& kv) {
    if (dict->kind != Kind::Dict || kv.size() % 2 != 0) throw Malformed("bad SETITEMS");
    for (size_t k = 0; k < kv.size(); k += 2) dict->entries.emplace_back(kv[k], kv[k + 1]);
  };
  auto string_value = [&](Kind kind, std::string s) {
    Value* v = make(kind);
    v->s = std::move(s);
    push(v);
  };
  auto global = [&](const std::string& module, const std::string& name) {
    Value* g = make(Kind::Global);
    if (module == "collections" && name == "OrderedDict") {
      g->global = Global::OrderedDict;
    } else if (module == "torch._utils" && name == "_rebuild_tensor_v2") {
      g->global = Global::RebuildTensorV2;
    } else if (module == "torch._utils" && name == "_rebuild_parameter") {
      g->global = Global::RebuildParameter;
    } else if (module == "torch" && storage_dtype(name, g->dtype)) {
      g->global = Global::StorageType;
    } else {
      throw Unsupported(module + "." + name);
    }
    push(g);
  };

  for (;;) {
    const uint8_t op = in.byte();
    switch (op) {
      case 0x80: {  // PROTO
        const uint8_t proto = in.byte();
        if (proto < 2 || proto > 5) throw Malformed("unknown pickle protocol");
        break;
      }
      case 0x95: in.le(8); break;  // FRAME (protocol 4): a length hint only
      case '.': {                  // STOP
        if (stack.size() != 1 || !marks.empty()) throw Malformed("STOP with a bad stack");
        return stack.back();
      }
      case '(': marks.push_back(stack.size()); break;  // MARK
      case 'N': push(make(Kind::None)); break;
      case 0x88:
      case 0x89: {  // NEWTRUE / NEWFALSE
        Value* v = make(Kind::Bool);
        v->i = op == 0x88;
        push(v);
        break;
      }
      case 'K':
      case 'M':
      case 'J': {  // BININT1 / BININT2 / BININT
        Value* v = make(Kind::Int);
        if (op == 'K') v->i = in.le(1);
        else if (op == 'M') v->i = in.le(2);
        else v->i = static_cast<int32_t>(static_cast<uint32_t>(in.le(4)));
        push(v);
        break;
      }
      case 0x8a: {  // LONG1: n bytes of little-endian two's complement
        const uint8_t n = in.byte();
        std::string raw = in.bytes(n);
        Value* v = make(Kind::Int);
        if (n > 8) {
          v->kind = Kind::BigInt;
          v->s = std::move(raw);
        } else if (n > 0) {
          uint64_t u = 0;
          for (size_t k = 0; k < n; ++k) u |= uint64_t(static_cast<uint8_t>(raw[k])) << (8 * k);
          if (n < 8 && (static_cast<uint8_t>(raw[n - 1]) & 0x80)) u |= ~uint64_t(0) << (8 * n);
          v->i = static_cast<int64_t>(u);
        }
        push(v);
        break;
      }
      case 'G': {  // BINFLOAT: big-endian double
        const std::string raw = in.bytes(8);
        uint64_t u = 0;
        for (char c : raw) u = (u << 8) | static_cast<uint8_t>(c);
        Value* v = make(Kind::Float);
        std::memcpy(&v->f, &u, sizeof u);
        push(v);
        break;
      }
      case 'X': string_value(Kind::Str, in.bytes(in.le(4))); break;     // BINUNICODE
      case 0x8c: string_value(Kind::Str, in.bytes(in.le(1))); break;    // SHORT_BINUNICODE
      case 'T': string_value(Kind::Str, in.bytes(in.le(4))); break;     // BINSTRING
      case 'U': string_value(Kind::Str, in.bytes(in.le(1))); break;     // SHORT_BINSTRING
      case 'B': string_value(Kind::Bytes, in.bytes(in.le(4))); break;   // BINBYTES
      case 'C': string_value(Kind::Bytes, in.bytes(in.le(1))); break;   // SHORT_BINBYTES
      case ')': push(make(Kind::Tuple)); break;                         // EMPTY_TUPLE
      case ']': push(make(Kind::List)); break;                          // EMPTY_LIST
      case '}': push(make(Kind::Dict)); break;                          // EMPTY_DICT
      case 't':
      case 'l': {  // TUPLE / LIST from the last MARK
        Value* v = make(op == 't' ? Kind::Tuple : Kind::List);
        v->items = pop_mark();
        push(v);
        break;
      }
      case 'd': {  // DICT from the last MARK
        Value* v = make(Kind::Dict);
        set_items(v, pop_mark());
        push(v);
        break;
      }
      case 0x85:
      case 0x86:
      case 0x87: {  // TUPLE1..3
        Value* v = make(Kind::Tuple);
        v->items.resize(op - 0x84);
        for (size_t k = v->items.size(); k-- > 0;) v->items[k] = pop();
        push(v);
        break;
      }
      case 'a': {  // APPEND
        Value* item = pop();
        top_container(Kind::List)->items.push_back(item);
        break;
      }
      case 'e': {  // APPENDS
        auto items = pop_mark();
        Value* list = top_container(Kind::List);
        list->items.insert(list->items.end(), items.begin(), items.end());
        break;
      }
      case 's': {  // SETITEM
        Value* value = pop();
        Value* key = pop();
        set_items(top_container(Kind::Dict), {key, value});
        break;
      }
      case 'u': {  // SETITEMS
        auto kv = pop_mark();
        set_items(top_container(Kind::Dict), kv);
        break;
      }
      case 'q':
      case 'r':
      case 0x94: {  // BINPUT / LONG_BINPUT / MEMOIZE
        const uint64_t index = op == 'q' ? in.le(1) : op == 'r' ? in.le(4) : memo.size();
        if (stack.empty()) throw Malformed("memo of an empty stack");
        if (memo.size() >= kMaxValues) throw Malformed("too many memo entries for a state_dict");
        memo[index] = stack.back();
        break;
      }
      case 'h':
      case 'j': {  // BINGET / LONG_BINGET
        const uint64_t index = op == 'h' ? in.le(1) : in.le(4);
        auto it = memo.find(index);
        if (it == memo.end()) throw Malformed("unknown memo entry");
        push(it->second);
        break;
      }
      case 'c': {  // GLOBAL module\nname\n
        const std::string module = in.line();
        global(module, in.line());
        break;
      }
      case 0x93: {  // STACK_GLOBAL
        Value* name = pop();
        Value* module = pop();
        if (name->kind != Kind::Str || module->kind != Kind::Str) throw Malformed("bad STACK_GLOBAL");
        global(module->s, name->s);
        break;
      }
      case 'Q': push(persistent(pop())); break;  // BINPERSID
      case 'R': {                                // REDUCE
        Value* args = pop();
        Value* callable = pop();
        push(reduce(callable, args));
        break;
      }
      case 'b': {  // BUILD: OrderedDict state ({'_metadata': …}), which we do not need
        Value* state = pop();
        if (stack.empty() || stack.back()->kind != Kind::Dict ||
            (state->kind != Kind::Dict && state->kind != Kind::None)) {
          throw Malformed("BUILD of something else than an OrderedDict");
        }
        break;
      }
      default: {
        static const char kHex[] = "0123456789abcdef";
        throw Unsupported(std::string("pickle opcode 0x") + kHex[op >> 4] + kHex[op & 15]);
      }
    }
  }
}

}  // namespace cyclegan::pickle
