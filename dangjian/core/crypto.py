"""Personal data at rest: SM4-GCM encryption and HMAC-SM3 lookup hashes.

One master key (32 bytes, hex) comes from ``DANGJIAN_DATA_KEY`` or a key file. Two working keys
are derived from it so that the lookup hash cannot be used to decrypt and vice versa. Outside
production a key file is generated on first use so the embedded default works out of the box.
"""

from __future__ import annotations

import hashlib
import hmac as stdlib_hmac
import os
import secrets
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

_VERSION = b"\x01"
_NONCE_BYTES = 12
_TAG_BYTES = 16


class DataKeyError(RuntimeError):
    """The personal-data key is missing or malformed."""


def _hmac_sm3(key: bytes, data: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


def _read_master_key() -> bytes:
    from django.conf import settings

    raw = settings.DATA_KEY
    if not raw:
        path = Path(settings.KEY_FILE)
        if not path.exists():
            if settings.PRODUCTION:
                raise DataKeyError(f"密钥文件 {path} 不存在")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_hex(32))
            os.chmod(path, 0o600)
        raw = path.read_text().strip()
    try:
        key = bytes.fromhex(raw)
    except ValueError as exc:
        raise DataKeyError("个人信息密钥应为64位十六进制字符串") from exc
    if len(key) != 32:
        raise DataKeyError("个人信息密钥应为32字节（64位十六进制）")
    return key


@lru_cache(maxsize=1)
def _keys() -> tuple[algorithms.SM4, bytes]:
    """The SM4 cipher key (built once: building it costs as much as a short encryption) and
    the lookup-hash key."""
    master = _read_master_key()
    return algorithms.SM4(_hmac_sm3(master, b"sm4-gcm")[:16]), _hmac_sm3(master, b"lookup-hmac-sm3")


def key_fingerprint() -> str:
    """16 hex characters that tell one master key from another without revealing it (a backup
    names the key it needs; a restore compares)."""
    return _hmac_sm3(_read_master_key(), b"key-fingerprint").hex()[:16]


def reset_key_cache() -> None:
    _keys.cache_clear()
    _lookup_mac.cache_clear()
    _audit_key.cache_clear()
    _tail_key.cache_clear()


@lru_cache(maxsize=1)
def _audit_key() -> bytes:
    """A third working key, for the audit chain: knowing it forges no lookup hash or cipher."""
    return _hmac_sm3(_read_master_key(), b"audit-chain-hmac-sm3")


def audit_mac(data: bytes) -> str:
    """HMAC-SM3 of an audit row's canonical bytes under the audit key (hex, 64 chars)."""
    return _hmac_sm3(_audit_key(), data).hex()


@lru_cache(maxsize=1)
def _tail_key() -> Callable[[bytes], str]:
    """HMAC-SM3 under a fourth working key, for the hashes of an ID number's last characters:
    apart from the lookup key, so a tail hash can never be compared with a whole number's."""
    return _keyed_digest(_hmac_sm3(_read_master_key(), b"id-tail-hmac-sm3"))


def id_tail_hash(tail: str) -> str:
    """HMAC-SM3 (hex, 64 chars) of the last 4 or 6 characters of an ID number, under the tail
    key; the length is part of what is hashed. Without the key the hash tells nothing of the
    characters; it only shows which members share a tail."""
    return _tail_key()(f"{len(tail)}:{tail.upper()}".encode())


def id_tail_hashes(id_number: str) -> tuple[str, str]:
    """The tail hashes of a canonical 18-character ID number: last 4, last 6."""
    return id_tail_hash(id_number[-4:]), id_tail_hash(id_number[-6:])


def encrypt(plaintext: str) -> bytes:
    sm4, _ = _keys()
    nonce = os.urandom(_NONCE_BYTES)
    encryptor = Cipher(sm4, modes.GCM(nonce)).encryptor()
    body = encryptor.update(plaintext.encode("utf-8")) + encryptor.finalize()
    return _VERSION + nonce + body + encryptor.tag


def decrypt(token: bytes) -> str:
    sm4, _ = _keys()
    token = bytes(token)
    if token[:1] != _VERSION:
        raise DataKeyError("无法识别的密文版本")
    nonce = token[1 : 1 + _NONCE_BYTES]
    body, tag = token[1 + _NONCE_BYTES : -_TAG_BYTES], token[-_TAG_BYTES:]
    decryptor = Cipher(sm4, modes.GCM(nonce, tag)).decryptor()
    return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")


def lookup_hash(value: str) -> str:
    """Keyed hash for equality look-ups of an encrypted value (hex, 64 chars)."""
    return _lookup_mac()(value.strip().upper().encode("utf-8"))


@lru_cache(maxsize=1)
def _lookup_mac() -> Callable[[bytes], str]:
    """HMAC-SM3 under the lookup key, as hex.

    Where the standard library's OpenSSL offers SM3, the keyed state is prepared once and copied
    for each value: about two thirds of the time of a fresh HMAC (imports hash every ID and
    phone number).
    """
    _, mac_key = _keys()
    return _keyed_digest(mac_key)


def _keyed_digest(mac_key: bytes) -> Callable[[bytes], str]:
    """HMAC-SM3 under ``mac_key``, as hex; the keyed state prepared once where OpenSSL has SM3."""
    if "sm3" not in hashlib.algorithms_available:
        return lambda data: _hmac_sm3(mac_key, data).hex()
    keyed = stdlib_hmac.new(mac_key, digestmod="sm3")

    def digest(data: bytes) -> str:
        mac = keyed.copy()
        mac.update(data)
        return mac.hexdigest()

    return digest
