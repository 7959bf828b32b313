"""1,000 shoppers on the marketplace, with think time (Locust).

Run it through bench/load.py (starts the API, a Celery worker, samples CPU and memory):

    .venv/bin/python bench/load.py [--users 1000] [--spawn-rate 50] [--run-time 2m]

or by hand against a running API started with TRUSTED_PROXIES=127.0.0.1:

    .venv/bin/locust -f bench/locustfile.py --headless --users 1000 --spawn-rate 50 \\
        --run-time 2m --host http://127.0.0.1:8093

Each simulated user is one client behind the load balancer: its own X-Forwarded-For
address (10.x.y.z), so the per-IP limits (RATE_LIMIT_PER_MINUTE=100,
AUTH_RATE_LIMIT_PER_MINUTE=10) stay on and apply per user, as in production. A user
thinks 3-12 s between actions. Everyone browses and filters cars, opens listings,
searches parts and asks for landed-cost estimates; one in five is a buyer who, when
first doing something that needs an account, logs in (bcrypt cost 12) as their own
generated customer, then sends inquiries about parts and requests imports.
"""

from __future__ import annotations

import itertools
import os
import random
import threading

from locust import FastHttpUser, between, task

BENCH_PASSWORD = "bench-password-1"
FIRST_CUSTOMER, LAST_USER = 502, 50_000
MAKES = {
    "Toyota": ["Fielder", "Premio", "Harrier", "Land Cruiser Prado", "Vitz", "Axio"],
    "Nissan": ["Note", "X-Trail", "March", "Sylphy"],
    "Mazda": ["Demio", "CX-5", "Axela", "Atenza"],
    "Subaru": ["Forester", "Outback", "Impreza", "Legacy"],
    "Honda": ["Fit", "Vezel", "CR-V"],
    "Mercedes-Benz": ["C200", "E250", "GLE"],
}
MAKE_WEIGHTS = [45, 15, 10, 8, 7, 5]
PART_WORDS = ["brake", "oil filter", "air", "shock", "timing", "headlamp", "radiator", "clutch"]
SORTS = ["newest", "newest", "newest", "price", "-price", "-year"]
ORIGINS = ["Japan", "United Kingdom", "UAE"]

_ids = itertools.count(1)
_lock = threading.Lock()


def _next_id() -> int:
    with _lock:
        return next(_ids)


class Shopper(FastHttpUser):  # type: ignore[misc]
    wait_time = between(3, 12)

    def on_start(self) -> None:
        # One address and one account per simulated user (--processes: the pid separates).
        n = _next_id() + (os.getpid() % 40) * 1000
        self.ip = f"10.{n >> 16}.{(n >> 8) & 255}.{n & 255}"
        self.headers = {"X-Forwarded-For": self.ip}
        self.account = FIRST_CUSTOMER + n % (LAST_USER - FIRST_CUSTOMER)
        self.buyer = random.random() < 0.2
        self.token: str | None = None
        self.cars: list[int] = []
        self.parts: list[int] = []

    # -- anyone -------------------------------------------------------------------

    def _car_filters(self) -> dict[str, object]:
        make = random.choices(list(MAKES), weights=MAKE_WEIGHTS)[0]
        params: dict[str, object] = {"make": make, "sort": random.choice(SORTS)}
        if random.random() < 0.6:
            low = random.choice([500_000, 800_000, 1_000_000, 1_500_000, 2_000_000])
            params |= {"minPrice": low, "maxPrice": low + random.choice([500_000, 1_500_000])}
        if random.random() < 0.3:
            params["model"] = random.choice(MAKES[make])
        if random.random() < 0.2:
            params["year"] = random.randint(2014, 2022)
        params["page"] = random.choices([1, 2, 3, 5], weights=[60, 20, 12, 8])[0]
        return params

    @task(30)
    def browse_cars(self) -> None:
        with self.client.get(
            "/v1/cars",
            params=self._car_filters(),
            headers=self.headers,
            name="GET /v1/cars",
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                self.cars = [car["id"] for car in response.json()["data"]] or self.cars
                response.success()
            else:
                response.failure(f"{response.status_code}")

    @task(5)
    def search_cars(self) -> None:
        make = random.choices(list(MAKES), weights=MAKE_WEIGHTS)[0]
        q = f"{make} {random.choice(MAKES[make])[:4]}".lower()
        self.client.get(
            "/v1/cars",
            params={"q": q},
            headers=self.headers,
            name="GET /v1/cars?q=",
        )

    @task(20)
    def open_car(self) -> None:
        if not self.cars:
            return self.browse_cars()
        self.client.get(
            f"/v1/cars/{random.choice(self.cars)}", headers=self.headers, name="GET /v1/cars/{id}"
        )
        return None

    @task(12)
    def search_parts(self) -> None:
        make = random.choices(list(MAKES), weights=MAKE_WEIGHTS)[0]
        params: dict[str, object] = {
            "compatibility": f"{make}:{random.choice(MAKES[make])}:{random.randint(2012, 2020)}"
        }
        if random.random() < 0.5:
            params["name"] = random.choice(PART_WORDS)
        with self.client.get(
            "/v1/parts",
            params=params,
            headers=self.headers,
            name="GET /v1/parts",
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                found = [p["id"] for p in response.json()["data"] if p["stock"] > 0]
                self.parts = found or self.parts
                response.success()
            else:
                response.failure(f"{response.status_code}")

    @task(5)
    def open_part(self) -> None:
        if not self.parts:
            return self.search_parts()
        self.client.get(
            f"/v1/parts/{random.choice(self.parts)}",
            headers=self.headers,
            name="GET /v1/parts/{id}",
        )
        return None

    def _specs(self) -> dict[str, object]:
        make = random.choice(list(MAKES))
        return {
            "make": make,
            "model": random.choice(MAKES[make]),
            "year": random.randint(2019, 2024),
            "budget": random.randrange(800_000, 5_000_000, 10_000),
            "originCountry": random.choice(ORIGINS),
            "engine_cc": random.choice([1300, 1500, 1800, 2000, 2500]),
            "fuel": random.choice(["petrol", "petrol", "diesel", "hybrid"]),
        }

    @task(6)
    def estimate_import(self) -> None:
        self.client.post(
            "/v1/imports/estimate",
            json={"specs": self._specs()},
            headers=self.headers,
            name="POST /v1/imports/estimate",
        )

    # -- buyers (signed in) -------------------------------------------------------

    def _signed_in(self) -> dict[str, str] | None:
        if self.token is None:
            with self.client.post(
                "/v1/auth/login",
                json={
                    "email": f"user{self.account}@bench.gurumisha.co.ke",
                    "password": BENCH_PASSWORD,
                },
                headers=self.headers,
                name="POST /v1/auth/login",
                catch_response=True,
            ) as response:
                if response.status_code != 200:
                    response.failure(f"{response.status_code}")
                    return None
                self.token = response.json()["token"]
        return {**self.headers, "Authorization": f"Bearer {self.token}"}

    @task(4)
    def send_inquiry(self) -> None:
        if not self.buyer:
            return self.search_parts()
        if not self.parts:
            self.search_parts()
            if not self.parts:
                return None
        headers = self._signed_in()
        if headers is None:
            return None
        self.client.post(
            "/v1/inquiries",
            json={
                "partId": random.choice(self.parts),
                "quantity": 1,
                "message": "Is this available? Do you deliver to Thika?",
            },
            headers=headers,
            name="POST /v1/inquiries",
        )
        return None

    @task(2)
    def request_import(self) -> None:
        if not self.buyer:
            return self.estimate_import()
        headers = self._signed_in()
        if headers is None:
            return None
        self.client.post(
            "/v1/imports", json={"specs": self._specs()}, headers=headers, name="POST /v1/imports"
        )
        return None

    @task(2)
    def my_account(self) -> None:
        if not self.buyer or self.token is None:
            return self.browse_cars()
        self.client.get(
            "/v1/auth/me",
            headers={**self.headers, "Authorization": f"Bearer {self.token}"},
            name="GET /v1/auth/me",
        )
        return None
