"""Type stubs of dendrite.sklearn."""
from typing import Any, Dict, Optional, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from dendrite.history import History
from dendrite.model import Model

XFAIL_CHECKS: Dict[str, str]

class DendriticClassifier(ClassifierMixin, BaseEstimator):
    model: str
    dendrites: Optional[int]
    somata: Optional[int]
    synapses: Optional[int]
    layers: Optional[int]
    epochs: Optional[int]
    batch_size: Optional[int]
    optimizer: Optional[str]
    lr: Optional[float]
    validation_split: float
    early_stopping: Optional[int]
    normalize: Optional[str]
    seed: Optional[int]
    threads: Optional[int]
    image_shape: Optional[Sequence[int]]
    verbose: int
    classes_: np.ndarray
    n_features_in_: int
    feature_names_in_: np.ndarray
    model_: Model
    history_: History
    def __init__(self, model: str = ..., dendrites: Optional[int] = ..., somata: Optional[int] = ...,
                 synapses: Optional[int] = ..., layers: Optional[int] = ..., epochs: Optional[int] = ...,
                 batch_size: Optional[int] = ..., optimizer: Optional[str] = ..., lr: Optional[float] = ...,
                 validation_split: float = ..., early_stopping: Optional[int] = ..., normalize: Optional[str] = ...,
                 seed: Optional[int] = ..., threads: Optional[int] = ..., image_shape: Optional[Sequence[int]] = ...,
                 verbose: int = ...) -> None: ...
    def fit(self, X: Any, y: Any) -> "DendriticClassifier": ...
    def predict_proba(self, X: Any) -> np.ndarray: ...
    def predict(self, X: Any) -> np.ndarray: ...
    def score(self, X: Any, y: Any, sample_weight: Any = ...) -> float: ...
